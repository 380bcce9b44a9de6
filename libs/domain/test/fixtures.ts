import {
  Actor,
  CouncilState,
  DefinitionDraft,
  InitiativeCommand,
  InitiativeContext,
  InitiativeEvent,
  InitiativeState,
  MovementState,
  Role,
  UnitTree,
  WorkflowDefinition,
  decideInitiative,
  evolveInitiative,
  initialInitiativeState,
} from '../src';

export const NOW = '2025-03-03T09:00:00.000Z'; // a Monday
export const SHA = 'a'.repeat(64);

export const asPublished = (draft: DefinitionDraft, version = 1): WorkflowDefinition => ({ ...draft, version });

const actor = (userId: string, roles: Role[], unitId?: string): Actor => ({ userId, roles, ...(unitId ? { unitId } : {}) });

export const officer = actor('officer', ['unit_officer'], 'u-ward');
export const otherOfficer = actor('other-officer', ['unit_officer'], 'u-other');
/** Secretary of both fixture councils (no voting role in either); on tracks without a council, of the district. */
export const secretary = actor('sec', ['secretary'], 'u-district');
/** Authority of the district: decides for the district council. */
export const authority = actor('authority', ['decision_authority'], 'u-district');
export const provinceAuthority = actor('province-authority', ['decision_authority'], 'u-province');
/** The authority that decides for the initiative's assigned council (or its level, without one). */
export const authorityFor = (state: InitiativeState): Actor =>
  state.kind === 'initiative' && state.level === 'province' ? provinceAuthority : authority;
export const citizen = actor('anonymous', ['public']);
export const worker = actor('worker', ['worker']);
export const admin = actor('admin', ['administrator']);
export const member = (id: string): Actor => actor(id, ['council_member']);

export const MEMBERS = ['m1', 'm2', 'm3', 'm4', 'm5'];

const council = (councilId: string, level: string): CouncilState => ({
  status: 'active',
  councilId,
  name: `Council ${councilId}`,
  unitId: `u-${level}`,
  level,
  members: [...MEMBERS.map((userId, i) => ({ userId, role: i === 0 ? ('chair' as const) : ('member' as const) })), { userId: 'sec', role: 'secretary' as const }],
});

export const districtCouncil = council('c-district', 'district');
export const provinceCouncil = council('c-province', 'province');
export const COUNCILS: Record<string, CouncilState> = { 'c-district': districtCouncil, 'c-province': provinceCouncil };
export const LEVELS = ['national', 'province', 'district', 'grassroots'];

/** u-ward (the nominating unit) → u-district → u-province → u-national; the adopters sit under the district. */
export const UNITS: UnitTree = {
  'u-national': { level: 'national' },
  'u-province': { level: 'province', parentId: 'u-national' },
  'u-other-province': { level: 'province', parentId: 'u-national' },
  'u-district': { level: 'district', parentId: 'u-province' },
  'u-other-district': { level: 'district', parentId: 'u-other-province' },
  'u-ward': { level: 'grassroots', parentId: 'u-district' },
  'u-other': { level: 'grassroots', parentId: 'u-district' },
};

/** Each member's unit; none is the nominating unit unless a test says so. */
export const MEMBER_UNITS: Record<string, string> = Object.fromEntries(MEMBERS.map((m) => [m, `u-${m}`]));

export const launchedMovement = (workflowId: string, status: 'draft' | 'launched' | 'closed' = 'launched'): MovementState => ({
  status,
  movementId: 'mv-1',
  title: 'Creative Solidarity',
  organizerUnitId: 'u-city',
  kind: 'regular',
  fields: ['economy'],
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
  workflowId,
  summaries: [],
});

/** A context with everything any command may need; tests override what they examine. */
export const contextFor = (
  definition: WorkflowDefinition,
  who: Actor,
  state: InitiativeState,
  overrides: Partial<InitiativeContext> = {},
): InitiativeContext => ({
  now: NOW,
  actor: who,
  definition,
  council: (state.kind === 'initiative' && state.councilId && COUNCILS[state.councilId]) || districtCouncil,
  ...(state.kind === 'initiative' && state.councilId && COUNCILS[state.councilId] ? { assignedCouncil: COUNCILS[state.councilId] } : {}),
  units: UNITS,
  memberUnits: MEMBER_UNITS,
  movement: launchedMovement(definition.id),
  nomineeStanding: { underDiscipline: false, underInvestigation: false },
  levels: LEVELS,
  ...overrides,
});

export const documents = [
  { name: 'request_letter', sha256: SHA },
  { name: 'achievement_report', sha256: SHA },
];

export const registerCommand = (initiativeId = 'i-1'): InitiativeCommand => ({
  type: 'register',
  data: {
    initiativeId,
    movementId: 'mv-1',
    unitId: 'u-ward',
    title: 'Smart residential group',
    summary: 'Residents run a shared clean-up rota',
    field: 'economy',
    authors: [{ name: 'Nguyễn Văn A', userId: 'author-1' }],
  },
});

/** Builds a history by deciding real commands, so every fixture state is one the engine can reach. */
export class Journey {
  constructor(
    readonly definition: WorkflowDefinition,
    readonly events: InitiativeEvent[] = [],
  ) {}

  get state(): InitiativeState {
    return this.events.reduce(evolveInitiative, initialInitiativeState());
  }

  get stage(): string {
    const s = this.state;
    return s.kind === 'initiative' ? s.stage : '(none)';
  }

  context(who: Actor, overrides: Partial<InitiativeContext> = {}): InitiativeContext {
    return contextFor(this.definition, who, this.state, overrides);
  }

  decide(command: InitiativeCommand, who: Actor, overrides: Partial<InitiativeContext> = {}): InitiativeEvent[] {
    return decideInitiative(command, this.state, this.context(who, overrides));
  }

  run(command: InitiativeCommand, who: Actor, overrides: Partial<InitiativeContext> = {}): Journey {
    return new Journey(this.definition, [...this.events, ...this.decide(command, who, overrides)]);
  }
}
