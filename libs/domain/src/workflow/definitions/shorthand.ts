import type { Role } from '../../shared/context';
import type { Stage, StageId, Transition } from '../definition';
import type { CommandName } from '../vocabulary';

/** Terse builders so a definition reads like its diagram; the result is plain data. */
export const on = (
  command: CommandName,
  to: StageId,
  roles: Role[],
  extra: Pick<Transition, 'outcome' | 'guards' | 'timers'> = {},
): Transition => ({ command, to, roles, ...extra });

export const active = (id: StageId, label: string, transitions: Transition[]): Stage => ({ id, kind: 'active', label, transitions });
export const choice = (id: StageId, label: string, branches: Record<string, StageId>): Stage => ({
  id,
  kind: 'choice',
  label,
  branches: Object.entries(branches).map(([outcome, to]) => ({ outcome, to })),
});
export const final = (id: StageId, label: string): Stage => ({ id, kind: 'final', label });

export const UNIT: Role[] = ['unit_officer'];
export const SECRETARY: Role[] = ['secretary'];
export const MEMBER: Role[] = ['council_member'];
export const AUTHORITY: Role[] = ['decision_authority'];

export const withdraw = on('withdraw', 'withdrawn', UNIT);
export const revoke = on('revoke', 'revoked', AUTHORITY);
