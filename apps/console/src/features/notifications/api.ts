import type { Schemas } from '../../api/types';
import { api } from '../../lib/api';

/** One in-app notification (GET /api/v1/me/notifications), generated from the OpenAPI document. */
export type InboxItem = Schemas['InboxItemView'];

/** A page of the inbox; `unread` counts the whole inbox (not only this page). */
export type InboxPage = Schemas['InboxPage'];

/** `POST /me/notifications/{id}/read`. */
export type MarkReadResult = Schemas['MarkReadResult'];

export interface InboxFilter {
  cursor?: string;
  unread?: boolean;
  limit?: number;
}

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (f: InboxFilter) => ['notifications', 'list', f] as const,
};

export const fetchInbox = (f: InboxFilter) =>
  api<InboxPage>('GET', '/me/notifications', { query: { limit: f.limit ?? 20, cursor: f.cursor, unread: f.unread ? 'true' : undefined } });

export const markRead = (id: string) => api<MarkReadResult>('POST', `/me/notifications/${encodeURIComponent(id)}/read`, { body: {} });
