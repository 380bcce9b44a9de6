import { api, newIdempotencyKey, type CommandResult, type Page } from '../../lib/api';

/* The API's views this feature reads (named like the API's; the integrator switches them to the generated types). */

/** `GET /units` items (domain RegisteredUnit). */
export interface RegisteredUnit {
  status: 'registered';
  unitId: string;
  name: string;
  level: string;
  parentId?: string;
}

/** `GET /users` items (domain RegisteredUser). */
export interface RegisteredUser {
  status: 'registered';
  userId: string;
  name: string;
  email: string;
  roles: string[];
  unitId: string;
}

export const COUNCIL_ROLES = ['chair', 'vice_chair', 'secretary', 'member'] as const;

export interface CouncilMember {
  userId: string;
  role: (typeof COUNCIL_ROLES)[number];
}

/** `GET /councils` items (domain ActiveCouncil); `GET /councils/{id}` adds `version` (CouncilView). */
export interface ActiveCouncil {
  status: 'active';
  councilId: string;
  name: string;
  unitId: string;
  level: string;
  members: CouncilMember[];
  rules?: { note?: string; quorum?: string; approval?: string; secretBallot?: boolean };
}
export type CouncilView = ActiveCouncil & { version: number };

export const ROLES = ['unit_officer', 'secretary', 'council_member', 'decision_authority', 'administrator', 'auditor', 'public', 'worker'] as const;

export interface UserFilters {
  unitId?: string;
  role?: string;
}

export const directoryKeys = {
  units: ['directory', 'units'] as const,
  users: (filters: UserFilters, cursor: string | null) => ['directory', 'users', filters, cursor] as const,
  councils: (cursor: string | null) => ['directory', 'councils', cursor] as const,
  council: (id: string) => ['directory', 'council', id] as const,
};

/** Every unit (the tree needs them all): pages of 500 until the list ends. */
export async function fetchAllUnits(): Promise<RegisteredUnit[]> {
  const units: RegisteredUnit[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: Page<RegisteredUnit> = await api<Page<RegisteredUnit>>('GET', '/units', { query: { limit: 500, cursor } });
    units.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return units;
}

export const fetchUsers = (filters: UserFilters, cursor: string | null) => api<Page<RegisteredUser>>('GET', '/users', { query: { ...filters, cursor, limit: 50 } });
export const fetchCouncils = (cursor: string | null) => api<Page<ActiveCouncil>>('GET', '/councils', { query: { cursor, limit: 50 } });
export const fetchCouncil = (id: string) => api<CouncilView>('GET', `/councils/${encodeURIComponent(id)}`);

export interface RegisterUnitBody {
  id?: string;
  name: string;
  level: string;
  parentId?: string;
}

/** An administrator registers a unit (POST /units). */
export const registerUnit = (body: RegisterUnitBody, idempotencyKey = newIdempotencyKey()) => api<CommandResult>('POST', '/units', { body, idempotencyKey });
