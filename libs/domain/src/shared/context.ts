export const ROLES = [
  'unit_officer',
  'secretary',
  'council_member',
  'decision_authority',
  'administrator',
  'auditor',
  'public',
  'worker',
] as const;

export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** Who issues a command. Resolved by the application layer from the user directory. */
export interface Actor {
  userId: string;
  roles: readonly Role[];
  unitId?: string;
}

/** What every decider receives from outside: time and the actor are never made inside. */
export interface DecisionContext {
  /** ISO 8601 instant. */
  now: string;
  actor: Actor;
}

export const hasAnyRole = (actor: Actor, roles: readonly Role[]): boolean =>
  actor.roles.some((role) => roles.includes(role));
