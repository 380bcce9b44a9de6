import { Actor, Choice, CommandName, InitiativeCommand, InitiativeContext, currentConsultation, currentReview, membersOwingBallot, membersOwingScores } from '../src';
import { Journey, authorityFor, citizen, documents, member, officer, provinceCouncil, registerCommand, secretary, worker } from './fixtures';

export interface Step {
  command: InitiativeCommand;
  actor: Actor;
  overrides?: Partial<InitiativeContext>;
}

const step = (command: InitiativeCommand, actor: Actor, overrides?: Partial<InitiativeContext>): Step => ({ command, actor, overrides });

/** The app layer's sealing, simulated: tests can unseal, production cannot once the key is gone. */
export const seal = (choice: Choice, nonce: string): string => `${nonce}:${[...choice].reverse().join('')}`;
export const unsealAll = (sealed: readonly string[]): Choice[] =>
  sealed.map((s) => [...(s.split(':')[1] ?? '')].reverse().join('') as Choice).sort();

export const ballot = (journey: Journey, memberId: string, choice: Choice): Step => {
  const review = currentReview(journey.state);
  const data = review?.secretBallot ? { sealedChoice: seal(choice, memberId) } : { choice };
  return step({ type: 'castBallot', data }, member(memberId));
};

export const closeReviewStep = (journey: Journey): Step => {
  const review = currentReview(journey.state);
  const data = review?.secretBallot ? { revealedChoices: unsealAll(review.sealedChoices) } : {};
  return step({ type: 'closeReview', data }, secretary);
};

const fullScores = { novelty: 8, effectiveness: 9, scope: 7 };

/** Runs steps in order; each is decided against the state the previous ones produced. */
export const runSteps = (journey: Journey, steps: readonly ((j: Journey) => Step)[]): Journey =>
  steps.reduce((j, make) => {
    const s = make(j);
    return j.run(s.command, s.actor, s.overrides);
  }, journey);

/**
 * Steps that make `command` produce `outcome` from the journey's current stage, the
 * last one being the command itself; null when that outcome cannot be reached from here.
 */
export const stepsFor = (command: CommandName, outcome: string | undefined, journey: Journey): ((j: Journey) => Step)[] | null => {
  const state = journey.state;
  if (state.kind === 'none') return command === 'register' ? [() => step(registerCommand(), officer)] : null;
  const review = currentReview(state);
  switch (command) {
    case 'register':
      return null;
    case 'reportProgress':
      return [() => step({ type: 'reportProgress', data: { reportId: `p${state.progressReports.length + 1}`, summary: 'Month 1' } }, officer)];
    case 'submitSelfAssessment':
      return [() => step({ type: 'submitSelfAssessment', data: { summary: 'We met every target', selfScore: 95 } }, officer)];
    case 'nominate': {
      const usesCouncil = journey.definition.stages.some((s) => s.kind === 'active' && s.transitions.some((t) => t.command === 'openReview'));
      const data = { awardForm: 'certificate_of_merit', statement: 'Worthy', documents, ...(usesCouncil ? { councilId: 'c-district' } : { level: 'district' }) };
      return [() => step({ type: 'nominate', data }, officer)];
    }
    case 'screen':
      return [() => step({ type: 'screen', data: outcome === 'returned' ? { outcome: 'returned', reason: 'Missing minutes' } : { outcome: 'accepted' } }, secretary)];
    case 'resubmit':
      return [() => step({ type: 'resubmit', data: { documents } }, officer)];
    case 'openReview':
      return [() => step({ type: 'openReview', data: { reviewId: `r${state.reviews.length + 1}` } }, secretary)];
    case 'declareConflict': {
      const free = membersOwingBallot(state)[0];
      return free ? [() => step({ type: 'declareConflict', data: { reason: 'My cousin leads the unit' } }, member(free))] : null;
    }
    case 'submitScores': {
      const free = membersOwingScores(state)[0];
      return free ? [() => step({ type: 'submitScores', data: { scores: fullScores } }, member(free))] : null;
    }
    case 'castBallot': {
      const free = membersOwingBallot(state)[0];
      return free ? [(j) => ballot(j, free, 'approve')] : null;
    }
    case 'closeReview': {
      const owing = membersOwingBallot(state);
      if (outcome === 'no_quorum') return review && review.ballots.length + review.secretVoters.length === 0 ? [closeReviewStep] : null;
      const choice: Choice = outcome === 'not_recommended' ? 'reject' : 'approve';
      return [...owing.map((m) => (j: Journey) => ballot(j, m, choice)), closeReviewStep];
    }
    case 'openConsultation':
      return [() => step({ type: 'openConsultation', data: { consultationId: `k${state.consultations.length + 1}` } }, secretary)];
    case 'fileObjection':
      return [() => step({ type: 'fileObjection', data: { objectionId: `o${state.objections.length + 1}`, text: 'The figures are inflated' } }, citizen)];
    case 'resolveObjection': {
      const open = state.objections.find((o) => o.status === 'open');
      if (!open) return null;
      const data = { objectionId: open.objectionId, outcome: outcome === 'upheld' ? ('upheld' as const) : ('dismissed' as const), reason: 'Checked the records' };
      return [() => step({ type: 'resolveObjection', data }, secretary)];
    }
    case 'closeConsultation': {
      const consultation = currentConsultation(state);
      return consultation ? [() => step({ type: 'closeConsultation', data: {} }, worker, { now: consultation.closesAt })] : null;
    }
    case 'recordDecision':
      if (state.objections.some((o) => o.status === 'open')) return null;
      return [
        () =>
          step(
            { type: 'recordDecision', data: outcome === 'declined' ? { outcome: 'declined', reason: 'Not enough impact' } : { outcome: 'granted', decisionNo: 'QD-17', signedBy: 'Chairman' } },
            authorityFor(state),
          ),
      ];
    case 'publish':
      return [() => step({ type: 'publish', data: { channel: 'portal', url: 'https://example.org/i-1' } }, secretary)];
    case 'reportReplication': {
      const level = state.level;
      const have = new Set(state.replications.filter((r) => r.level === level).map((r) => r.adoptingUnitId)).size;
      const needed = journey.definition.parameters.replicationsForEscalation ?? 1;
      const replicate = (n: number) => (j: Journey) => {
        const s = j.state;
        const id = `rep${s.kind === 'initiative' ? s.replications.length + 1 : n}`;
        const unit = `u-adopter-${s.kind === 'initiative' ? s.replications.length + 1 : n}`;
        return step({ type: 'reportReplication', data: { replicationId: id, adoptingUnitId: unit, startedOn: '2025-03-01' } }, { ...officer, unitId: unit });
      };
      if (outcome === 'threshold_reached') {
        // Reaching the threshold from here needs extra replications that must not leave this stage.
        const missing = needed - have;
        if (missing < 1 || (missing > 1 && state.stage !== 'replicating')) return null;
        return Array.from({ length: missing }, (_, i) => replicate(i + 1));
      }
      if (outcome === 'counted' && have + 1 >= needed) return null;
      return [replicate(1)];
    }
    case 'recordReplicationResult': {
      const replication = state.replications[0];
      return replication ? [() => step({ type: 'recordReplicationResult', data: { replicationId: replication.replicationId, outcome: 'adopted' } }, officer)] : null;
    }
    case 'escalate':
      if (state.level !== 'district') return null;
      return [() => step({ type: 'escalate', data: { councilId: provinceCouncil.status === 'active' ? provinceCouncil.councilId : '' } }, officer, { council: provinceCouncil })];
    case 'revoke':
      return [() => step({ type: 'revoke', data: { reason: 'Forged documents' } }, authorityFor(state))];
    case 'withdraw':
      return [() => step({ type: 'withdraw', data: { reason: 'The unit merged' } }, officer)];
    default: {
      const never: never = command;
      return never;
    }
  }
};

export type PathItem = CommandName | [CommandName, string];

/** Walks a definition along commands (with an outcome where it routes), using the walk's fixtures. */
export const path = (journey: Journey, items: readonly PathItem[]): Journey =>
  items.reduce((j, item) => {
    const [command, outcome] = typeof item === 'string' ? [item, undefined] : item;
    const steps = stepsFor(command, outcome, j);
    if (!steps) throw new Error(`no fixture for ${command} ${outcome ?? ''} in stage ${j.stage}`);
    return runSteps(j, steps);
  }, journey);

export const TO_REVIEW: PathItem[] = ['register', 'reportProgress', 'nominate', ['screen', 'accepted'], 'openReview'];
export const TO_RECOMMENDED: PathItem[] = [...TO_REVIEW, ['closeReview', 'recommended']];
export const TO_CONSULTATION: PathItem[] = [...TO_RECOMMENDED, 'openConsultation'];
export const TO_DECISION: PathItem[] = [...TO_CONSULTATION, 'closeConsultation'];
export const TO_AWARDED: PathItem[] = [...TO_DECISION, ['recordDecision', 'granted']];
export const TO_PUBLISHED: PathItem[] = [...TO_AWARDED, 'publish'];
