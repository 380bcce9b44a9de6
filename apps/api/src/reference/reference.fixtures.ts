import { randomUUID } from 'node:crypto';
import type { Role } from '@laurel/domain';
import type { ApiHarness } from '../../../../test/api-harness';

/** Test fixtures for the reference-data specs: every id unique, so specs share one database. */
export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID()}`;

/**
 * Waits until lists include everything up to `position`. The global feed shows a commit only once
 * every older transaction has finished; with spec files writing in parallel that takes a moment.
 */
export async function caughtUp(api: ApiHarness, position: string): Promise<void> {
  await api.as('admin').get(`/units?limit=1&minPosition=${position}`).expect(200);
}

/** A registered unit, already visible in lists. */
export async function registerUnit(api: ApiHarness, fields: { level?: string; parentId?: string } = {}): Promise<string> {
  const id = uniqueId('unit');
  const body = { id, name: `Unit ${id}`, level: fields.level ?? 'province', ...(fields.parentId ? { parentId: fields.parentId } : {}) };
  await caughtUp(api, (await api.as('admin').post('/units').send(body).expect(201)).body.position);
  return id;
}

/** A registered user, already visible in lists. */
export async function registerUser(api: ApiHarness, roles: Role[], unitId?: string): Promise<string> {
  const id = uniqueId('user');
  const unit = unitId ?? (await registerUnit(api));
  const body = { id, name: `User ${id}`, email: `${id}@example.org`, roles, unitId: unit };
  await caughtUp(api, (await api.as('admin').post('/users').send(body).expect(201)).body.position);
  return id;
}

/** A position as returned by commands. */
export const POSITION = /^[0-9a-f]{32}$/;
