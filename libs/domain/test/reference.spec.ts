import { CouncilEvent, DomainErrorCode, MAX_COUNCIL_MEMBERS, councilDecider, movementDecider, unitDecider, userDecider } from '../src';
import { NOW, admin, officer } from './fixtures';
import { deciderSpec } from './given-when-then';

const ctx = (actor = admin) => ({ now: NOW, actor });

describe('unit', () => {
  const spec = deciderSpec(unitDecider);
  const register = { type: 'registerUnit', data: { unitId: 'u-ward', name: 'Ward 7', level: 'grassroots', parentId: 'u-district' } } as const;

  it('an administrator registers a unit at a configured level', () => {
    spec.given([]).when(register, { ...ctx(), levels: ['province', 'grassroots'] }).then([{ type: 'UnitRegistered', data: register.data }]);
    spec.given([]).when(register, { ...ctx(), levels: ['province', 'commune'] }).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });

  it('a unit is registered once, and only by an administrator', () => {
    spec.given([{ type: 'UnitRegistered', data: register.data }]).when(register, ctx()).thenThrows(DomainErrorCode.ALREADY_EXISTS);
    spec.given([]).when(register, ctx(officer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });
});

describe('user', () => {
  const spec = deciderSpec(userDecider);
  const data = { userId: 'u1', name: 'Trần Thị B', email: 'B@Example.vn', roles: ['council_member', 'secretary'], unitId: 'u-ward' };

  it('an administrator registers a user with known roles', () => {
    spec.given([]).when({ type: 'registerUser', data }, ctx()).then([
      { type: 'UserRegistered', data: { ...data, email: 'b@example.vn', roles: ['council_member', 'secretary'] } },
    ]);
  });

  it('unknown roles and malformed e-mails are refused', () => {
    spec.given([]).when({ type: 'registerUser', data: { ...data, roles: ['king'] } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    spec.given([]).when({ type: 'registerUser', data: { ...data, email: 'nope' } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });
});

describe('council', () => {
  const spec = deciderSpec(councilDecider);
  const created: CouncilEvent = {
    type: 'CouncilCreated',
    data: { councilId: 'c1', name: 'District council', unitId: 'u-d', level: 'district', members: [{ userId: 'm1', role: 'chair' }] },
  };

  it('an administrator creates a council with its members', () => {
    spec.given([]).when({ type: 'createCouncil', data: created.data }, ctx()).then([created]);
    spec.given([]).when({ type: 'createCouncil', data: created.data }, ctx(officer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('members are added once and removed only if present; a council has one chair', () => {
    const given = spec.given([created]);
    given.when({ type: 'addMember', data: { userId: 'm2', role: 'secretary' } }, ctx()).then([{ type: 'MemberAdded', data: { councilId: 'c1', userId: 'm2', role: 'secretary' } }]);
    given.when({ type: 'addMember', data: { userId: 'm1', role: 'member' } }, ctx()).thenThrows(DomainErrorCode.ALREADY_EXISTS);
    given.when({ type: 'addMember', data: { userId: 'm3', role: 'chair' } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    given.when({ type: 'removeMember', data: { userId: 'm9' } }, ctx()).thenThrows(DomainErrorCode.NOT_FOUND);
    const state = given.when({ type: 'removeMember', data: { userId: 'm1' } }, ctx()).thenState();
    expect(state.status === 'active' && state.members).toEqual([]);
  });

  it(`a council never has more than ${MAX_COUNCIL_MEMBERS} members, whether created with them or added one by one`, () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => ({ userId: `m${i + 1}`, role: i === 0 ? ('chair' as const) : ('member' as const) }));
    const full: CouncilEvent = { type: 'CouncilCreated', data: { ...created.data, members: members(MAX_COUNCIL_MEMBERS) } };
    spec.given([]).when({ type: 'createCouncil', data: full.data }, ctx()).then([full]);
    spec.given([]).when({ type: 'createCouncil', data: { ...created.data, members: members(MAX_COUNCIL_MEMBERS + 1) } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    spec.given([full]).when({ type: 'addMember', data: { userId: 'one-too-many', role: 'member' } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
    // One short of the limit, one more fits; after a removal, a place is free again.
    const almost: CouncilEvent = { type: 'CouncilCreated', data: { ...created.data, members: members(MAX_COUNCIL_MEMBERS - 1) } };
    spec.given([almost]).when({ type: 'addMember', data: { userId: 'last', role: 'member' } }, ctx()).then([{ type: 'MemberAdded', data: { councilId: 'c1', userId: 'last', role: 'member' } }]);
    spec.given([full, { type: 'MemberRemoved', data: { councilId: 'c1', userId: 'm2' } }]).when({ type: 'addMember', data: { userId: 'again', role: 'member' } }, ctx()).then([{ type: 'MemberAdded', data: { councilId: 'c1', userId: 'again', role: 'member' } }]);
  });
});

describe('movement', () => {
  const spec = deciderSpec(movementDecider);
  const data = {
    movementId: 'mv1',
    title: 'Skillful Mass Mobilization',
    organizerUnitId: 'u-ward',
    kind: 'regular' as const,
    fields: ['economy'],
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
    workflowId: 'initiative-recognition',
  };
  const drafted = { type: 'MovementDrafted' as const, data: { ...data, draftedAt: NOW } };
  const launched = { type: 'MovementLaunched' as const, data: { movementId: 'mv1', launchedAt: NOW } };
  const closed = { type: 'MovementClosed' as const, data: { movementId: 'mv1', closedAt: NOW } };

  it('a movement goes draft → launched → closed, and never back', () => {
    spec.given([]).when({ type: 'draftMovement', data }, ctx(officer)).then([drafted]);
    spec.given([drafted]).when({ type: 'launchMovement', data: {} }, ctx()).then([launched]);
    spec.given([drafted, launched]).when({ type: 'closeMovement', data: {} }, ctx()).then([closed]);
    spec.given([drafted, launched, closed]).when({ type: 'launchMovement', data: {} }, ctx()).thenThrows(DomainErrorCode.TRANSITION_NOT_ALLOWED);
    spec.given([drafted]).when({ type: 'closeMovement', data: {} }, ctx()).thenThrows(DomainErrorCode.TRANSITION_NOT_ALLOWED);
  });

  it('a summary freezes the statistics passed in: preliminary while launched, final once', () => {
    const statistics = { registered: 120, awarded: 19 };
    spec.given([drafted, launched]).when({ type: 'recordSummary', data: { kind: 'preliminary', statistics } }, ctx()).then([
      { type: 'SummaryRecorded', data: { movementId: 'mv1', kind: 'preliminary', statistics, recordedAt: NOW } },
    ]);
    spec.given([drafted, launched, closed]).when({ type: 'recordSummary', data: { kind: 'preliminary', statistics } }, ctx()).thenThrows(DomainErrorCode.TRANSITION_NOT_ALLOWED);
    const final = { type: 'SummaryRecorded' as const, data: { movementId: 'mv1', kind: 'final' as const, statistics, recordedAt: NOW } };
    spec.given([drafted, launched, closed, final]).when({ type: 'recordSummary', data: { kind: 'final', statistics } }, ctx()).thenThrows(DomainErrorCode.ALREADY_EXISTS);
  });

  it('only the organising unit or an administrator runs a movement', () => {
    spec.given([drafted]).when({ type: 'launchMovement', data: {} }, ctx({ ...officer, unitId: 'u-else' })).thenThrows(DomainErrorCode.FORBIDDEN);
    spec.given([]).when({ type: 'draftMovement', data: { ...data, endsOn: '2024-01-01' } }, ctx()).thenThrows(DomainErrorCode.VALIDATION_FAILED);
  });
});
