import type { CouncilRole, CouncilState } from '../council/council';
import type { Actor, Role } from '../shared/context';
import type { UnitTree } from '../unit/unit';
import type { InitiativeCommand } from './initiative.commands';
import type { InitiativeContext } from './initiative.context';
import type { Initiative, InitiativeState } from './initiative.state';

/*
 * Authority: everyone acts within their own council and unit (domain.md). A role the actor holds
 * counts for a command only when the actor is in that role's scope on this initiative; the engine
 * filters the actor's roles through `rolesInScope` before it looks at the transitions.
 */

/** Council roles that vote; the secretary keeps the record and does not vote. */
export const VOTING_ROLES: readonly CouncilRole[] = ['chair', 'vice_chair', 'member'];

/** The unit and every unit above it, nearest first; stops at a unit the tree does not hold (or a loop). */
export const unitAncestry = (tree: UnitTree, unitId: string | undefined): string[] => {
  const chain: string[] = [];
  for (let id = unitId; id !== undefined && !chain.includes(id); id = tree[id]?.parentId) {
    chain.push(id);
    if (tree[id] === undefined) break;
  }
  return chain;
};

export const votingMembers = (council: CouncilState | undefined): string[] =>
  council?.status === 'active' ? council.members.filter((m) => VOTING_ROLES.includes(m.role)).map((m) => m.userId) : [];

export const holdsCouncilRole = (council: CouncilState | undefined, userId: string, roles: readonly CouncilRole[]): boolean =>
  council?.status === 'active' && council.members.some((m) => m.userId === userId && roles.includes(m.role));

/**
 * The unit that decides a nomination: the assigned council's unit; on a track without a council
 * (ad hoc), the nominating unit or the unit above it at the nomination's level.
 */
export const decidingUnit = (
  initiative: Pick<Initiative, 'unitId'> & { councilId?: string; level?: string },
  council: CouncilState | undefined,
  tree: UnitTree,
): string | undefined => {
  if (initiative.councilId !== undefined) {
    return council?.status === 'active' && council.councilId === initiative.councilId ? council.unitId : undefined;
  }
  if (initiative.level === undefined) return undefined;
  return unitAncestry(tree, initiative.unitId).find((id) => tree[id]?.level === initiative.level);
};

/** Why a role the actor holds does not count on this initiative. */
export interface Refusal {
  role: Role;
  code: 'FORBIDDEN' | 'NOT_COUNCIL_MEMBER';
  message: string;
}

export interface ScopeCheck {
  inScope: Role[];
  refusals: Refusal[];
}

/** The units a unit officer must belong to for this command. */
const officerUnits = (command: InitiativeCommand, state: InitiativeState): string[] => {
  if (command.type === 'register') return [command.data.unitId];
  if (state.kind !== 'initiative') return [];
  if (command.type === 'reportReplication') return [command.data.adoptingUnitId];
  if (command.type === 'recordReplicationResult') {
    const replication = state.replications.find((r) => r.replicationId === command.data.replicationId);
    return replication ? [replication.adoptingUnitId, state.unitId] : [state.unitId];
  }
  return [state.unitId];
};

/** The assigned council, when the context carries the one the initiative is assigned to. */
const assigned = (state: Initiative, context: InitiativeContext): CouncilState | undefined => {
  const council = context.assignedCouncil ?? (context.council?.status === 'active' && context.council.councilId === state.councilId ? context.council : undefined);
  return council?.status === 'active' && council.councilId === state.councilId ? council : undefined;
};

/** The award revoke would revoke, and the unit that granted it. */
const revokedAwardUnit = (state: Initiative, context: InitiativeContext): string | undefined => {
  const award = [...state.recognitions].reverse().find((r) => !r.revoked);
  if (!award) return undefined;
  const tree = context.units ?? {};
  const council = award.councilId === state.councilId ? assigned(state, context) : context.awardCouncil;
  return decidingUnit({ unitId: state.unitId, councilId: award.councilId, level: award.level }, council, tree);
};

const secretaryScope = (actor: Actor, state: Initiative, context: InitiativeContext): string | undefined => {
  if (state.councilId === undefined) {
    const unit = decidingUnit(state, undefined, context.units ?? {});
    if (unit !== undefined && actor.unitId === unit) return undefined;
    return 'A secretary acts on a nomination without a council only in the deciding unit';
  }
  if (holdsCouncilRole(assigned(state, context), actor.userId, ['secretary'])) return undefined;
  return `A secretary acts only on nominations assigned to a council where they hold the secretary role (this one: ${state.councilId})`;
};

const authorityScope = (command: InitiativeCommand, actor: Actor, state: Initiative, context: InitiativeContext): string | undefined => {
  const tree = context.units ?? {};
  if (command.type === 'revoke') {
    const unit = revokedAwardUnit(state, context);
    if (unit !== undefined && actor.unitId !== undefined && unitAncestry(tree, unit).includes(actor.unitId)) return undefined;
    return 'A decision authority revokes only awards of their own unit or of a unit below it';
  }
  const unit = decidingUnit(state, assigned(state, context), tree);
  if (unit !== undefined && actor.unitId === unit) return undefined;
  return 'A decision authority decides only for councils of their own unit';
};

const refusalFor = (role: Role, command: InitiativeCommand, state: InitiativeState, context: InitiativeContext): Refusal | undefined => {
  const { actor } = context;
  const refuse = (message: string | undefined, code: Refusal['code'] = 'FORBIDDEN'): Refusal | undefined =>
    message === undefined ? undefined : { role, code, message };
  switch (role) {
    case 'worker':
    case 'public':
      return undefined;
    case 'unit_officer': {
      const units = officerUnits(command, state);
      return refuse(actor.unitId !== undefined && units.includes(actor.unitId) ? undefined : 'A unit officer acts only for their own unit');
    }
    case 'administrator':
    case 'auditor':
      return refuse(`An ${role} does not act on initiatives; hold the role in the council or unit to do so`);
    default:
      break;
  }
  if (state.kind !== 'initiative') return refuse(`A ${role} has no scope on an initiative not yet registered`);
  switch (role) {
    case 'secretary':
      return refuse(secretaryScope(actor, state, context));
    case 'council_member':
      return refuse(
        holdsCouncilRole(assigned(state, context), actor.userId, VOTING_ROLES) ? undefined : `${actor.userId} is not a voting member of council ${state.councilId ?? '(none)'}`,
        'NOT_COUNCIL_MEMBER',
      );
    case 'decision_authority':
      return refuse(authorityScope(command, actor, state, context));
    default:
      return refuse(`Role ${role as string} has no scope rule`);
  }
};

/** Which of the actor's roles are in scope for this command on this initiative, and why the others are not. */
export const rolesInScope = (command: InitiativeCommand, state: InitiativeState, context: InitiativeContext): ScopeCheck => {
  const refusals: Refusal[] = [];
  const inScope: Role[] = [];
  for (const role of context.actor.roles) {
    const refusal = refusalFor(role, command, state, context);
    if (refusal) refusals.push(refusal);
    else inScope.push(role);
  }
  return { inScope, refusals };
};

/** Who may read a dossier beyond what the public sees (detail, history, documents). */
export interface DossierReader {
  actor: Actor;
  initiative: Pick<Initiative, 'unitId' | 'councilId' | 'level'>;
  /** The assigned council, when there is one. */
  council?: CouncilState;
  /** Holds the nominating unit's and the council's unit ancestries. */
  units: UnitTree;
}

/**
 * The nominating unit's officers and those of units above it, the assigned council (members and
 * secretary), the deciding authority, auditors and administrators. Others see the public page only.
 */
export const canReadDossier = ({ actor, initiative, council, units }: DossierReader): boolean => {
  const has = (role: Role) => actor.roles.includes(role);
  if (has('administrator') || has('auditor')) return true;
  if (has('unit_officer') && actor.unitId !== undefined && unitAncestry(units, initiative.unitId).includes(actor.unitId)) return true;
  const assignedCouncil = council?.status === 'active' && council.councilId === initiative.councilId ? council : undefined;
  if (holdsCouncilRole(assignedCouncil, actor.userId, ['chair', 'vice_chair', 'member', 'secretary'])) return true;
  if (has('secretary') && initiative.councilId === undefined && actor.unitId !== undefined && actor.unitId === decidingUnit(initiative, undefined, units)) return true;
  if (has('decision_authority') && actor.unitId !== undefined && actor.unitId === decidingUnit(initiative, assignedCouncil, units)) return true;
  return false;
};
