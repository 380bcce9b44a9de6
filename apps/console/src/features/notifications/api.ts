import { api } from '../../lib/api';

/** One in-app notification (GET /api/v1/me/notifications). */
export interface InboxItem {
  id: string;
  seq: string;
  kind: string;
  initiativeId: string | null;
  title: string | null;
  params: Record<string, string>;
  occurredAt: string;
  createdAt: string;
  read: boolean;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  /** Unread notifications in the whole inbox (not only this page). */
  unread: number;
}

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

export const markRead = (id: string) => api<{ id: string; read: true }>('POST', `/me/notifications/${encodeURIComponent(id)}/read`, { body: {} });
