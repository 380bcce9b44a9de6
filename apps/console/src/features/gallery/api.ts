import { api, type CommandResult, type Page } from '../../lib/api';

/** What the public sees of a published initiative (authors by name only). */
export interface PublicInitiative {
  initiativeId: string;
  movementId: string;
  title: string;
  summary: string;
  field: string;
  level: string | null;
  unitName: string | null;
  authors: { name: string }[];
  awardForm: string | null;
  publishedAt: string;
  channel: string | null;
  url: string | null;
  adoptingUnits: number;
}

export interface PublicConsultation {
  initiativeId: string;
  consultationId: string;
  title: string;
  summary: string;
  field: string;
  level: string | null;
  unitName: string | null;
  authors: { name: string }[];
  opensAt: string;
  closesAt: string;
}

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

export const fetchGallery = (f: GalleryFilter) => api<Page<PublicInitiative>>('GET', '/public/initiatives', { anonymous: true, query: { ...f, limit: PAGE } });

export const fetchPublicInitiative = (id: string) => api<PublicInitiative>('GET', `/public/initiatives/${encodeURIComponent(id)}`, { anonymous: true });

export const fetchConsultations = (cursor?: string) => api<Page<PublicConsultation>>('GET', '/public/consultations', { anonymous: true, query: { cursor, limit: PAGE } });

export interface ObjectionInput {
  text: string;
  contact?: string;
}

/** Files an objection without signing in (the token is not sent even when signed in). */
export const fileObjection = (initiativeId: string, body: ObjectionInput, idempotencyKey: string) =>
  api<CommandResult & { objectionId: string }>('POST', `/initiatives/${encodeURIComponent(initiativeId)}/consultation/objections`, {
    anonymous: true,
    idempotencyKey,
    body: body.contact ? body : { text: body.text },
  });
