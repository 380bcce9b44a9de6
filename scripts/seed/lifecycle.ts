import {
  decideInitiative,
  decidingUnit,
  evolveInitiative,
  initialInitiativeState,
  membersOwingBallot,
  type Actor,
  type Choice,
  type CouncilState,
  type InitiativeCommand,
  type InitiativeContext,
  type InitiativeEvent,
  type InitiativeState,
  type MovementState,
  type UnitTree,
  type WorkflowDefinition,
} from '@laurel/domain';
import type { Random } from './random';

const DAY = 86_400_000;
const DOCUMENTS = [
  { name: 'request_letter', sha256: 'a'.repeat(64) },
  { name: 'achievement_report', sha256: 'b'.repeat(64) },
];

/** The reference data an initiative's life runs against. */
export interface World {
  definitions: Record<string, WorkflowDefinition>;
  /** One council per level. */
  councils: Record<string, CouncilState>;
  /** Every unit with its level and parent (the authority rules' unit ancestry). */
  units: UnitTree;
  memberUnits: Record<string, string>;
  /** Highest first. */
  levels: readonly string[];
  /** Units that may adopt a model, per level. */
  adopters: readonly string[];
}

export interface InitiativeSeed {
  initiativeId: string;
  movement: Extract<MovementState, { status: 'launched' }>;
  unitId: string;
  unitLevel: string;
  field: string;
  title: string;
  summary: string;
  authors: { name: string; userId?: string }[];
  /** Registration instant (ms). */
  startsAt: number;
}

/** An event with what its envelope needs: who decided it, when, and by which command. */
export interface TimedEvent {
  event: InitiativeEvent;
  actor: Actor;
  occurredAt: string;
  command: string;
}

/**
 * Lives one initiative through its track by deciding real commands with the domain's decider —
 * every event is one the engine would have produced. The path is drawn from `random`: returns,
 * rejections, objections, no-quorum reviews, escalations, revocations and withdrawals all occur.
 */
export function liveInitiative(world: World, seed: InitiativeSeed, random: Random): TimedEvent[] {
  const definition = world.definitions[seed.movement.workflowId];
  if (!definition) throw new Error(`no definition ${seed.movement.workflowId}`);
  const officer: Actor = { userId: `officer-${seed.unitId}`, roles: ['unit_officer'], unitId: seed.unitId };
  // The secretary and the authority of the unit that decides the current nomination (its council's, or at its level).
  const assignedCouncil = () => {
    const councilId = state.kind === 'initiative' ? state.councilId : undefined;
    return councilId ? Object.values(world.councils).find((c) => c.status === 'active' && c.councilId === councilId) : undefined;
  };
  const decider = () => (state.kind === 'initiative' ? decidingUnit(state, assignedCouncil(), world.units) : undefined) ?? seed.unitId;
  const secretaryOf = (): Actor => ({ userId: `secretary-${decider()}`, roles: ['secretary'], unitId: decider() });
  const authorityOf = (): Actor => ({ userId: `authority-${decider()}`, roles: ['decision_authority'], unitId: decider() });
  const events: TimedEvent[] = [];
  let state: InitiativeState = initialInitiativeState();
  let now = seed.startsAt;
  const later = (minDays: number, maxDays: number) => (now += Math.round((minDays + random.next() * (maxDays - minDays)) * DAY));

  const run = (command: InitiativeCommand, actor: Actor, extra: Partial<InitiativeContext> = {}): boolean => {
    const at = new Date(now).toISOString();
    const council = assignedCouncil();
    const context: InitiativeContext = {
      now: at, actor, definition, movement: seed.movement, council, assignedCouncil: council, units: world.units, memberUnits: world.memberUnits, levels: world.levels,
      nomineeStanding: { underDiscipline: false, underInvestigation: false }, ...extra,
    };
    const decided = decideInitiative(command, state, context);
    for (const event of decided) {
      state = evolveInitiative(state, event);
      events.push({ event, actor, occurredAt: at, command: command.type });
    }
    return true;
  };
  const stage = () => (state.kind === 'initiative' ? state.stage : '');
  const withdraw = () => run({ type: 'withdraw', data: { reason: 'The unit merged with a neighbour' } }, officer);

  run({ type: 'register', data: { initiativeId: seed.initiativeId, movementId: seed.movement.movementId, unitId: seed.unitId, title: seed.title, summary: seed.summary, field: seed.field, authors: seed.authors } }, officer);
  if (random.chance(0.05)) return (later(5, 60), withdraw(), events);

  const councilFor = (level: string) => world.councils[level];
  let level = seed.unitLevel;
  if (definition.id === 'annual-emulation-title') {
    later(5, 25);
    run({ type: 'submitSelfAssessment', data: { summary: 'We met every target of the year', selfScore: 80 + random.int(20) } }, officer);
  } else if (definition.id === 'initiative-recognition') {
    for (let i = 0, n = 1 + random.int(3); i < n; i++) {
      later(15, 90);
      run({ type: 'reportProgress', data: { reportId: `p${i + 1}`, summary: `Progress report ${i + 1}`, indicators: { households: 20 + random.int(500) } } }, officer);
    }
    if (random.chance(0.25)) return events; // still cultivating
  }

  const usesCouncil = definition.stages.some((s) => s.kind === 'active' && s.transitions.some((t) => t.command === 'openReview'));
  later(5, 30);
  const council = councilFor(level);
  const councilId = council?.status === 'active' ? council.councilId : undefined;
  run({ type: 'nominate', data: { awardForm: 'certificate_of_merit', statement: 'A model worth replicating', documents: DOCUMENTS, ...(usesCouncil ? { councilId } : { level }) } }, officer, usesCouncil ? { council } : {});

  for (let nomination = 0; nomination < 2; nomination++) {
    if (!reviewAndDecide()) return events;
    if (stage() !== 'awarded') return events;
    if (random.chance(0.15)) {
      if (random.chance(0.1)) {
        later(30, 300);
        run({ type: 'revoke', data: { reason: 'False declarations in the dossier', legalBasis: 'Law on Emulation and Commendation 2022, art. 89' } }, authorityOf());
      }
      return events;
    }
    later(3, 20);
    run({ type: 'publish', data: { channel: 'portal', url: `https://laurel.example/i/${seed.initiativeId}` } }, secretaryOf());
    if (definition.id !== 'initiative-recognition') return events;
    const adopters = random.int(6);
    for (let i = 0; i < adopters; i++) {
      later(10, 120);
      const adoptingUnitId = world.adopters[random.int(world.adopters.length)];
      if (adoptingUnitId === seed.unitId) continue;
      const adopter: Actor = { userId: `officer-${adoptingUnitId}`, roles: ['unit_officer'], unitId: adoptingUnitId };
      run({ type: 'reportReplication', data: { replicationId: `rep-${nomination}-${i}`, adoptingUnitId, startedOn: new Date(now).toISOString().slice(0, 10) } }, adopter);
      if (random.chance(0.4)) run({ type: 'recordReplicationResult', data: { replicationId: `rep-${nomination}-${i}`, outcome: 'adopted', indicators: { households: 10 + random.int(200) } } }, adopter);
    }
    if (random.chance(0.02)) return (later(30, 300), run({ type: 'revoke', data: { reason: 'Forged documents' } }, authorityOf()), events);
    const next = world.levels[world.levels.indexOf(level) - 1];
    const nextCouncil = next ? councilFor(next) : undefined;
    if (stage() !== 'eligible_for_escalation' || !nextCouncil || nextCouncil.status !== 'active' || !random.chance(0.5)) return events;
    later(10, 60);
    run({ type: 'escalate', data: { councilId: nextCouncil.councilId } }, officer, { council: nextCouncil });
    level = next;
  }
  return events;

  /** From `nominated` to a decision; false when the initiative ended on the way. */
  function reviewAndDecide(): boolean {
    if (definition.id === 'ad-hoc-commendation') {
      later(1, 5);
      if (random.chance(0.04)) return (withdraw(), false);
      return run({ type: 'recordDecision', data: random.chance(0.12) ? { outcome: 'declined', reason: 'Not enough impact' } : { outcome: 'granted', decisionNo: `QD-${random.int(9999)}`, signedBy: 'Chairman' } }, authorityOf());
    }
    if (definition.id === 'initiative-recognition') {
      later(3, 20);
      while (random.chance(0.15)) {
        run({ type: 'screen', data: { outcome: 'returned', reason: 'The review minutes are missing' } }, secretaryOf());
        later(5, 30);
        run({ type: 'resubmit', data: { documents: DOCUMENTS } }, officer);
        later(3, 15);
      }
      if (random.chance(0.03)) return (withdraw(), false);
      run({ type: 'screen', data: { outcome: 'accepted' } }, secretaryOf());
    }
    for (let cycle = 0; cycle < 4; cycle++) {
      later(2, 20);
      run({ type: 'openReview', data: { reviewId: `r${state.kind === 'initiative' ? state.reviews.length + 1 : 1}` } }, secretaryOf());
      review();
      if (stage() === 'not_recommended') return false;
      if (stage() !== 'recommended') continue; // no quorum: a new cycle
      if (definition.id === 'annual-emulation-title') break;
      later(1, 10);
      run({ type: 'openConsultation', data: { consultationId: `k${state.kind === 'initiative' ? state.consultations.length + 1 : 1}` } }, secretaryOf());
      if (consult() === 'upheld') {
        later(5, 20);
        continue; // back to screening
      }
      break;
    }
    if (stage() === 'screening' || stage() === 'nominated') return false; // gave up after repeated cycles
    later(1, 15);
    return run({ type: 'recordDecision', data: random.chance(0.06) ? { outcome: 'declined', reason: 'Not enough impact' } : { outcome: 'granted', decisionNo: `QD-${random.int(9999)}`, signedBy: 'Chairman' } }, authorityOf());
  }

  function review(): void {
    const secret = state.kind === 'initiative' && state.reviews[state.reviews.length - 1]?.secretBallot === true;
    const owing = membersOwingBallot(state);
    if (owing.length > 1 && random.chance(0.08)) {
      const member = owing[random.int(owing.length)];
      run({ type: 'declareConflict', data: { reason: 'A relative leads the nominating unit' } }, { userId: member, roles: ['council_member'] });
    }
    const quorumFails = random.chance(0.05);
    const rejected = random.chance(0.2);
    const revealed: Choice[] = [];
    const voters = membersOwingBallot(state);
    voters.forEach((member, i) => {
      if (quorumFails && i > 0) return;
      const actor: Actor = { userId: member, roles: ['council_member'] };
      now += 3_600_000;
      if (!secret && random.chance(0.7)) run({ type: 'submitScores', data: { scores: { novelty: 5 + random.int(6), effectiveness: 5 + random.int(6), scope: 4 + random.int(7) } } }, actor);
      const choice: Choice = rejected ? (random.chance(0.8) ? 'reject' : 'approve') : random.chance(0.9) ? 'approve' : random.chance(0.5) ? 'abstain' : 'reject';
      if (secret) {
        revealed.push(choice);
        run({ type: 'castBallot', data: { sealedChoice: `sealed:${random.int(1e9).toString(36)}:${random.int(1e9).toString(36)}` } }, actor);
      } else run({ type: 'castBallot', data: { choice } }, actor);
    });
    later(1, 3);
    run({ type: 'closeReview', data: secret ? { revealedChoices: revealed.sort() } : {} }, secretaryOf());
  }

  function consult(): 'upheld' | 'closed' {
    const consultation = state.kind === 'initiative' ? state.consultations[state.consultations.length - 1] : undefined;
    if (!consultation) return 'closed';
    if (random.chance(0.12)) {
      now = Math.min(now + DAY, Date.parse(consultation.closesAt) - 3_600_000);
      run({ type: 'fileObjection', data: { objectionId: `o${state.kind === 'initiative' ? state.objections.length + 1 : 1}`, text: 'The figures in the report look inflated' } }, { userId: 'public', roles: ['public'] });
      const objection = state.kind === 'initiative' ? state.objections.find((o) => o.status === 'open') : undefined;
      if (objection) {
        now += 3_600_000;
        const upheld = random.chance(0.2);
        run({ type: 'resolveObjection', data: { objectionId: objection.objectionId, outcome: upheld ? 'upheld' : 'dismissed', reason: upheld ? 'The figures were overstated' : 'Checked against the records' } }, secretaryOf());
        if (upheld) return 'upheld';
      }
    }
    now = Math.max(now, Date.parse(consultation.closesAt) + 3_600_000);
    run({ type: 'closeConsultation', data: {} }, { userId: 'worker', roles: ['worker'] });
    return 'closed';
  }
}
