import type { Schemas } from '../../api/types';
import { api, newIdempotencyKey, readOwnWrites, type CommandResult } from '../../lib/api';

/* The API's views this feature reads: aliases of the types generated from the OpenAPI document. */

/** `GET /units` items. */
export type RegisteredUnit = Schemas['UnitView'];

/** `GET /users` items. */
export type RegisteredUser = Schemas['UserView'];

export const COUNCIL_ROLES = ['chair', 'vice_chair', 'secretary', 'member'] as const;

export type CouncilMember = Schemas['CouncilMemberView'];

/** `GET /councils` items. */
export type ActiveCouncil = Schemas['CouncilSummaryView'];

/** `GET /councils/{id}` (the summary plus `version`). */
export type CouncilView = Schemas['CouncilView'];

export type UnitPage = Schemas['UnitPage'];
export type UserPage = Schemas['UserPage'];
export type CouncilPage = Schemas['CouncilPage'];

/** Compile-time checks that the document's enums match the console's lists (a drift breaks the build). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _councilRolesCheck: Same<CouncilMember['role'], (typeof COUNCIL_ROLES)[number]> = true;
void _councilRolesCheck;

export const ROLES = ['unit_officer', 'secretary', 'council_member', 'decision_authority', 'administrator', 'auditor', 'public', 'worker'] as const;
const _rolesCheck: Same<RegisteredUser['roles'][number], (typeof ROLES)[number]> = true;
void _rolesCheck;

export interface UserFilters {
  unitId?: string;
  role?: string;
}

export interface CouncilFilters {
  unitId?: string;
  level?: string;
}

export const directoryKeys = {
  all: ['directory'] as const,
  units: ['directory', 'units'] as const,
  usersAll: ['directory', 'users'] as const,
  users: (filters: UserFilters, cursor: string | null) => ['directory', 'users', filters, cursor] as const,
  councilsAll: ['directory', 'councils'] as const,
  councils: (filters: CouncilFilters, cursor: string | null) => ['directory', 'councils', filters, cursor] as const,
  council: (id: string) => ['directory', 'council', id] as const,
};

/** Every unit (the tree needs them all): pages of 500 until the list ends. */
export async function fetchAllUnits(): Promise<RegisteredUnit[]> {
  const units: RegisteredUnit[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: UnitPage = await api<UnitPage>('GET', '/units', { query: { limit: 500, cursor }, minPosition: readOwnWrites() });
    units.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return units;
}

// Lists pass the latest command's position: after a registration the list shows it at once.
export const fetchUsers = (filters: UserFilters, cursor: string | null) => api<UserPage>('GET', '/users', { query: { ...filters, cursor, limit: 50 }, minPosition: readOwnWrites() });
export const fetchCouncils = (filters: CouncilFilters, cursor: string | null) => api<CouncilPage>('GET', '/councils', { query: { ...filters, cursor, limit: 50 }, minPosition: readOwnWrites() });
export const fetchCouncil = (id: string) => api<CouncilView>('GET', `/councils/${encodeURIComponent(id)}`);

export interface RegisterUnitBody {
  id?: string;
  name: string;
  level: string;
  parentId?: string;
}

/** An administrator registers a unit (POST /units). */
export const registerUnit = (body: RegisterUnitBody, idempotencyKey = newIdempotencyKey()) => api<CommandResult>('POST', '/units', { body, idempotencyKey });

/** An administrator registers a user with their roles and unit (POST /users). */
export const registerUser = (body: Schemas['RegisterUserBody'], idempotencyKey: string) => api<CommandResult>('POST', '/users', { body, idempotencyKey });

/** An administrator creates a council with its members (POST /councils). */
export const createCouncil = (body: Schemas['CreateCouncilBody'], idempotencyKey: string) => api<CommandResult>('POST', '/councils', { body, idempotencyKey });

/** Adds a member to a council (POST /councils/{id}/members). */
export const addCouncilMember = (councilId: string, body: Schemas['CouncilMemberBody'], idempotencyKey: string) =>
  api<CommandResult>('POST', `/councils/${encodeURIComponent(councilId)}/members`, { body, idempotencyKey });

/** Removes a member from a council (DELETE /councils/{id}/members/{userId}); past reviews keep their panels. */
export const removeCouncilMember = (councilId: string, userId: string, idempotencyKey: string) =>
  api<CommandResult>('DELETE', `/councils/${encodeURIComponent(councilId)}/members/${encodeURIComponent(userId)}`, { idempotencyKey });
