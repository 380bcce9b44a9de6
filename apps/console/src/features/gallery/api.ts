import type { Schemas } from '../../api/types';
import { api } from '../../lib/api';

// The public views, typed by the OpenAPI document (src/api/schema.d.ts) so the console and the API cannot drift.

/** What the public sees of a published initiative (authors by name only). */
export type PublicInitiative = Schemas['PublicInitiativeView'];

/** An initiative open for public consultation (GET /public/consultations items). */
export type PublicConsultation = Schemas['PublicConsultationView'];

export interface GalleryFilter {
  q?: string;
  field?: string;
  level?: string;
  movementId?: string;
  cursor?: string;
}

export const galleryKeys = {
  all: ['public'] as const,
  list: (f: GalleryFilter) => ['public', 'initiatives', f] as const,
  one: (id: string) => ['public', 'initiative', id] as const,
  consultations: (cursor?: string) => ['public', 'consultations', cursor ?? ''] as const,
};

const PAGE = 20;

export const fetchGallery = (f: GalleryFilter) => api<Schemas['PublicInitiativePage']>('GET', '/public/initiatives', { anonymous: true, query: { ...f, limit: PAGE } });

export const fetchPublicInitiative = (id: string) => api<PublicInitiative>('GET', `/public/initiatives/${encodeURIComponent(id)}`, { anonymous: true });

export const fetchConsultations = (cursor?: string) => api<Schemas['PublicConsultationPage']>('GET', '/public/consultations', { anonymous: true, query: { cursor, limit: PAGE } });

export interface ObjectionInput {
  text: string;
  contact?: string;
}

/** Files an objection without signing in (the token is not sent even when signed in). */
export const fileObjection = (initiativeId: string, body: ObjectionInput, idempotencyKey: string) =>
  api<Schemas['ObjectionResult']>('POST', `/initiatives/${encodeURIComponent(initiativeId)}/consultation/objections`, {
    anonymous: true,
    idempotencyKey,
    body: body.contact ? body : { text: body.text },
  });
