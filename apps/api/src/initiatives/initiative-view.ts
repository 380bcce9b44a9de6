import {
  currentConsultation,
  currentReview,
  distinctAdopters,
  findStage,
  hasAnyRole,
  hasVoted,
  isRecused,
  visibleScores,
  type Actor,
  type Initiative,
  type InitiativeState,
  type Review,
  type WorkflowDefinition,
} from '@laurel/domain';
import type { RecordedEvent } from '@laurel/event-store';

/*
 * What a reader sees of an initiative and of its log. Views are built field by field (never by
 * spreading the state), and every event's data is scrubbed of secret-ballot material as well:
 * a sealed ballot, the sealed list of a review and revealed choices never leave this file.
 */

/** Keys that carry secret-ballot material, removed at any depth from whatever is returned. */
const SECRET_KEYS = new Set(['sealedChoice', 'sealedChoices', 'revealedChoices']);

export const withoutSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !SECRET_KEYS.has(key))
      .map(([key, v]) => [key, withoutSecrets(v)]),
  );
};

/**
 * What the viewer may see, judged on the initiative as it is NOW (also when showing an earlier
 * state): once a review has closed every sheet is public; while it is open a panel member sees
 * the others' scores (and open-ballot choices) only after scoring (visibleScores: no anchoring),
 * auditors and administrators who are not on the panel see them, nobody else does.
 */
export class Disclosure {
  constructor(
    private readonly current: InitiativeState,
    readonly viewer: Actor,
  ) {}

  private get overseer(): boolean {
    return hasAnyRole(this.viewer, ['auditor', 'administrator']);
  }

  private reviewNow(reviewId: string): Review | undefined {
    return this.current.kind === 'initiative' ? this.current.reviews.find((r) => r.reviewId === reviewId) : undefined;
  }

  seesAllScores(reviewId: string): boolean {
    const review = this.reviewNow(reviewId);
    if (!review) return false;
    if (review.status === 'closed') return true;
    if (visibleScores(this.current, this.viewer.userId, reviewId).own !== undefined) return true;
    return this.overseer && !review.panel.includes(this.viewer.userId);
  }

  /** Choices of an OPEN (non-secret) ballot; a secret ballot's choice is never shown to anyone. */
  seesOpenChoices(reviewId: string): boolean {
    const review = this.reviewNow(reviewId);
    if (!review) return false;
    return review.status === 'closed' || (this.overseer && !review.panel.includes(this.viewer.userId));
  }

  /** An objector's contact: for those who handle objections. */
  get seesContacts(): boolean {
    return hasAnyRole(this.viewer, ['secretary', 'administrator', 'auditor']);
  }
}

/** What a secret ballot hides and what its tally may still show. */
export const secrecyNotice = (eligible: number): string =>
  `Secret ballot: only the tally is ever revealed, never who voted how. A tally can still reveal votes: a unanimous result among the ${eligible} eligible members shows how each of them voted.`;

export const reviewView = (review: Review, d: Disclosure) => {
  const me = d.viewer.userId;
  const own = review.scores.find((s) => s.memberId === me);
  const others = review.scores.filter((s) => s.memberId !== me);
  const seesScores = d.seesAllScores(review.reviewId);
  const seesChoices = d.seesOpenChoices(review.reviewId);
  return {
    reviewId: review.reviewId,
    cycle: review.cycle,
    status: review.status,
    councilId: review.councilId,
    level: review.level,
    panel: [...review.panel],
    recusals: review.recusals.map((r) => ({ memberId: r.memberId, reason: r.reason })),
    deadline: review.deadline,
    openedAt: review.openedAt,
    secretBallot: review.secretBallot,
    /** Told to members before they vote (docs/secret-ballots.md, "the small-council caveat"). */
    ...(review.secretBallot ? { secrecyNotice: secrecyNotice(review.panel.filter((m) => !isRecused(review, m)).length) } : {}),
    /** Who voted — for a secret ballot that is all anyone learns. */
    voters: review.secretBallot ? [...review.secretVoters] : review.ballots.map((b) => b.memberId),
    youVoted: hasVoted(review, me),
    youAreRecused: isRecused(review, me),
    owingBallot: review.status === 'open' ? review.panel.filter((m) => !isRecused(review, m) && !hasVoted(review, m)) : [],
    ...(review.secretBallot
      ? {}
      : { ballots: review.ballots.filter((b) => seesChoices || b.memberId === me).map((b) => ({ memberId: b.memberId, choice: b.choice })) }),
    scores: {
      ...(own ? { own } : {}),
      others: seesScores ? others : [],
      othersHidden: !seesScores && others.length > 0,
    },
    ...(review.status === 'closed'
      ? { outcome: review.outcome, tally: review.tally, rule: review.rule, scoreSummary: review.scoreSummary ?? null, closedAt: review.closedAt }
      : {}),
  };
};

export const initiativeView = (state: Initiative, version: number, d: Disclosure, definition?: WorkflowDefinition) => {
  const stage = definition ? findStage(definition, state.stage) : undefined;
  const review = currentReview(state);
  return withoutSecrets({
    id: state.initiativeId,
    initiativeId: state.initiativeId,
    version,
    movementId: state.movementId,
    unitId: state.unitId,
    title: state.title,
    summary: state.summary,
    field: state.field,
    authors: state.authors,
    status: state.stage,
    stage: state.stage,
    stageLabel: stage?.label ?? null,
    final: stage?.kind === 'final',
    /** What may happen next, and who may do it (the definition's transitions from here). */
    next: stage?.kind === 'active' ? stage.transitions.map((t) => ({ command: t.command, outcome: t.outcome ?? null, to: t.to, roles: t.roles })) : [],
    definition: { id: state.definitionId, version: state.definitionVersion },
    definitionId: state.definitionId,
    definitionVersion: state.definitionVersion,
    level: state.level ?? null,
    councilId: state.councilId ?? null,
    awardForm: state.awardForm ?? null,
    registeredAt: state.registeredAt,
    progressReports: state.progressReports,
    selfAssessment: state.selfAssessment ?? null,
    dossier: state.dossier,
    review: review ? reviewView(review, d) : null,
    reviews: state.reviews.map((r) => reviewView(r, d)),
    consultation: currentConsultation(state) ?? null,
    consultations: state.consultations,
    objections: state.objections.map(({ contact, ...objection }) => (d.seesContacts && contact !== undefined ? { ...objection, contact } : objection)),
    awards: state.recognitions,
    replications: state.replications,
    distinctAdopters: distinctAdopters(state),
    publications: state.publications,
    withdrawal: state.withdrawal ?? null,
    timers: state.timers,
  });
};

type EventData = Record<string, unknown> & { reviewId?: string; memberId?: string };

/** An event's data as this viewer may read it. */
const eventData = (event: RecordedEvent, d: Disclosure): Record<string, unknown> => {
  const data = { ...(event.data as EventData) };
  const mine = data.memberId === d.viewer.userId;
  switch (event.type) {
    case 'SecretBallotCast':
      // That the member voted, nothing of what.
      return { initiativeId: data.initiativeId, reviewId: data.reviewId, memberId: data.memberId, castAt: data.castAt };
    case 'BallotCast': {
      if (mine || (data.reviewId !== undefined && d.seesOpenChoices(data.reviewId))) return data;
      const { choice: _hidden, ...rest } = data;
      return { ...rest, choiceHidden: true };
    }
    case 'ScoresSubmitted': {
      if (mine || (data.reviewId !== undefined && d.seesAllScores(data.reviewId))) return data;
      const { scores: _scores, comment: _comment, ...rest } = data;
      return { ...rest, scoresHidden: true };
    }
    case 'ObjectionFiled': {
      if (d.seesContacts) return data;
      const { contact: _contact, ...rest } = data;
      return rest;
    }
    default:
      return data;
  }
};

/** One entry of the decision history: what happened, when, by whom, why. */
export const historyEntry = (event: RecordedEvent, d: Disclosure) => {
  const data = withoutSecrets(eventData(event, d)) as Record<string, unknown>;
  const { metadata } = event;
  return {
    version: event.streamVersion,
    position: event.position,
    type: event.type,
    recordedAt: event.recordedAt,
    occurredAt: metadata.occurredAt ?? event.recordedAt,
    actor: metadata.actor ? { id: metadata.actor.id, role: metadata.actor.role ?? null, unitId: metadata.actor.unitId ?? null } : null,
    command: typeof metadata.command === 'string' ? metadata.command : null,
    definition:
      metadata.workflowDefinitionId === undefined ? null : { id: metadata.workflowDefinitionId, version: metadata.workflowDefinitionVersion ?? null },
    reason: typeof data.reason === 'string' ? data.reason : null,
    data,
  };
};
