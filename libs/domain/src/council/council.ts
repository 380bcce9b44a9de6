import { DecisionContext, hasAnyRole } from '../shared/context';
import { Command, DomainEvent, assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { requireOneOf, requireText } from '../shared/validation';

export const COUNCIL_ROLES = ['chair', 'vice_chair', 'secretary', 'member'] as const;
export type CouncilRole = (typeof COUNCIL_ROLES)[number];

export interface CouncilMember {
  userId: string;
  role: CouncilRole;
}

/**
 * What the council publishes about how it works. The engine applies the workflow
 * definition's parameters (per award form); these are kept for display and audit.
 */
export interface CouncilRules {
  note?: string;
  quorum?: string;
  approval?: string;
  secretBallot?: boolean;
}

export type CreateCouncil = Command<
  'createCouncil',
  { councilId: string; name: string; unitId: string; level: string; members: CouncilMember[]; rules?: CouncilRules }
>;
export type AddCouncilMember = Command<'addMember', CouncilMember>;
export type RemoveCouncilMember = Command<'removeMember', { userId: string }>;
export type CouncilCommand = CreateCouncil | AddCouncilMember | RemoveCouncilMember;

export type CouncilCreated = DomainEvent<
  'CouncilCreated',
  { councilId: string; name: string; unitId: string; level: string; members: CouncilMember[]; rules?: CouncilRules }
>;
export type MemberAdded = DomainEvent<'MemberAdded', { councilId: string; userId: string; role: CouncilRole }>;
export type MemberRemoved = DomainEvent<'MemberRemoved', { councilId: string; userId: string }>;
export type CouncilEvent = CouncilCreated | MemberAdded | MemberRemoved;

export type CouncilState =
  | { status: 'none' }
  | {
      status: 'active';
      councilId: string;
      name: string;
      unitId: string;
      level: string;
      members: CouncilMember[];
      rules?: CouncilRules;
    };

export type ActiveCouncil = Extract<CouncilState, { status: 'active' }>;

export const initialCouncilState = (): CouncilState => ({ status: 'none' });

const member = (raw: CouncilMember): CouncilMember => ({
  userId: requireText(raw?.userId, 'members[].userId'),
  role: requireOneOf(raw?.role, COUNCIL_ROLES, 'members[].role'),
});

/**
 * A council has at most this many members, however they joined (created with them or added one by
 * one): reviews, tallies and everyone's "owes" lists are computed over the whole council.
 */
export const MAX_COUNCIL_MEMBERS = 200;

const ensureMemberLimit = (count: number): void => {
  if (count > MAX_COUNCIL_MEMBERS) fail(DomainErrorCode.VALIDATION_FAILED, `A council has at most ${MAX_COUNCIL_MEMBERS} members`);
};

/** A council has at most one chair: the chair signs the minutes. */
const ensureOneChair = (members: CouncilMember[]): void => {
  if (members.filter((m) => m.role === 'chair').length > 1) fail(DomainErrorCode.VALIDATION_FAILED, 'A council has at most one chair');
};

const requireActive = (state: CouncilState): ActiveCouncil =>
  state.status === 'active' ? state : fail(DomainErrorCode.NOT_FOUND, 'Council not found');

export const decideCouncil = (command: CouncilCommand, state: CouncilState, context: DecisionContext): CouncilEvent[] => {
  if (!hasAnyRole(context.actor, ['administrator'])) fail(DomainErrorCode.FORBIDDEN, 'Only administrators manage councils');
  switch (command.type) {
    case 'createCouncil': {
      if (state.status === 'active') fail(DomainErrorCode.ALREADY_EXISTS, `Council ${state.councilId} already exists`);
      const members = (command.data.members ?? []).map(member);
      const ids = members.map((m) => m.userId);
      if (new Set(ids).size !== ids.length) fail(DomainErrorCode.VALIDATION_FAILED, 'A member is listed twice');
      ensureOneChair(members);
      ensureMemberLimit(members.length);
      const { rules } = command.data;
      const data = {
        councilId: requireText(command.data.councilId, 'councilId'),
        name: requireText(command.data.name, 'name'),
        unitId: requireText(command.data.unitId, 'unitId'),
        level: requireText(command.data.level, 'level'),
        members,
      };
      return [{ type: 'CouncilCreated', data: rules ? { ...data, rules } : data }];
    }
    case 'addMember': {
      const council = requireActive(state);
      const added = member(command.data);
      if (council.members.some((m) => m.userId === added.userId)) {
        fail(DomainErrorCode.ALREADY_EXISTS, `${added.userId} is already a member`);
      }
      ensureOneChair([...council.members, added]);
      ensureMemberLimit(council.members.length + 1);
      return [{ type: 'MemberAdded', data: { councilId: council.councilId, ...added } }];
    }
    case 'removeMember': {
      const council = requireActive(state);
      if (!council.members.some((m) => m.userId === command.data.userId)) {
        fail(DomainErrorCode.NOT_FOUND, `${command.data.userId} is not a member`);
      }
      return [{ type: 'MemberRemoved', data: { councilId: council.councilId, userId: command.data.userId } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveCouncil = (state: CouncilState, event: CouncilEvent): CouncilState => {
  switch (event.type) {
    case 'CouncilCreated':
      return { status: 'active', ...event.data };
    case 'MemberAdded':
      return state.status === 'active'
        ? { ...state, members: [...state.members, { userId: event.data.userId, role: event.data.role }] }
        : state;
    case 'MemberRemoved':
      return state.status === 'active'
        ? { ...state, members: state.members.filter((m) => m.userId !== event.data.userId) }
        : state;
    default:
      return assertNever(event);
  }
};

export const councilDecider = { decide: decideCouncil, evolve: evolveCouncil, initialState: initialCouncilState };

export const isCouncilMember = (council: CouncilState, userId: string): boolean =>
  council.status === 'active' && council.members.some((m) => m.userId === userId);
