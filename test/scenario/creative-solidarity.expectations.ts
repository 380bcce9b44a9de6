import type { CyclePlan, InitiativePlan } from './creative-solidarity.plan';
import type { World } from './creative-solidarity.world';

/*
 * What the scenario plan says each initiative must look like at the end, in the same outline the
 * test draws from GET /initiatives/{id}; and the counts the statistics must report.
 */

export interface RubricCriterion {
  criterion: string;
  weight: number;
  max: number;
}

/** The parts of GET /initiatives/{id} the scenario checks. */
export interface InitiativeView {
  id: string;
  status: string;
  field: string;
  level: string | null;
  councilId: string | null;
  definition: { id: string; version: number };
  review: ReviewView | null;
  reviews: ReviewView[];
  awards: { decisionNo: string; revoked: boolean; revocation?: { reason: string } }[];
  distinctAdopters: number;
  replications: unknown[];
  objections: { status: string }[];
  consultations: { closesAt: string; status: string }[];
}

interface ReviewView {
  cycle: number;
  outcome?: string;
  secretBallot: boolean;
  voters: string[];
  recusals: { memberId: string; reason: string }[];
  tally?: Record<string, unknown>;
  rule?: { definitionId: string; definitionVersion: number; secretBallot: boolean };
  scoreSummary?: { sheets: number; average: number } | null;
  ballots?: unknown[];
}

export function expectedStatus(p: InitiativePlan): string {
  if (p.withdrawnWhileCultivating || p.screening === 'returned_withdrawn') return 'withdrawn';
  if (p.cycles.at(-1)?.outcome === 'not_recommended') return 'not_recommended';
  if (p.decision?.outcome === 'declined') return 'declined';
  if (p.revoked) return 'revoked';
  if (p.escalated) return 'nominated';
  if (p.adopters.length >= 3) return 'eligible_for_escalation';
  if (p.adopters.length > 0) return 'replicating';
  return 'published';
}

/** The recognition level: the council's once nominated (the next level's once escalated); none before. */
export function recognitionLevel(p: InitiativePlan): string | null {
  if (p.screening === 'none') return null;
  return p.escalated ? 'national' : 'province';
}

/** The level statistics group by (read-models.md): the recognition level, else the registering unit's. */
export function expectedLevel(p: InitiativePlan): string {
  return recognitionLevel(p) ?? p.unit.level;
}

const weighted = (rubric: readonly RubricCriterion[], scores: Record<string, number>) =>
  (rubric.reduce((sum, c) => sum + (scores[c.criterion] / c.max) * c.weight, 0) / rubric.reduce((sum, c) => sum + c.weight, 0)) * 100;

function expectedReview(p: InitiativePlan, c: CyclePlan, rubric: readonly RubricCriterion[]) {
  const count = (choice: string) => c.ballots.filter(([, b]) => b === choice).length;
  const eligible = 9 - c.recusals.length;
  const voted = c.ballots.length;
  return {
    cycle: p.cycles.length,
    outcome: c.outcome,
    recusals: c.recusals,
    tally: {
      panel: 9,
      recused: c.recusals.length,
      eligible,
      voted,
      approve: count('approve'),
      reject: count('reject'),
      abstain: count('abstain'),
      quorumMet: c.outcome !== 'no_quorum',
      // The shipped track approves on the members present; the secret variant on all eligible members.
      approvalBase: p.track === 'open' ? voted : eligible,
      approved: c.outcome === 'recommended',
    },
    scoreSheets: c.scores.length,
    average: expect.closeTo(c.scores.reduce((sum, [, s]) => sum + weighted(rubric, s), 0) / c.scores.length, 1),
  };
}

export function expectedOutline(p: InitiativePlan, w: World, rubric: readonly RubricCriterion[]) {
  const last = p.cycles.at(-1);
  return {
    id: p.id,
    status: expectedStatus(p),
    level: recognitionLevel(p),
    councilId: p.screening === 'none' ? null : p.escalated ? w.nationalCouncilId : w.councilId,
    definition: { id: p.track === 'open' ? 'initiative-recognition' : w.secretDefinitionId, version: 1 },
    reviews: p.cycles.length,
    review: last ? expectedReview(p, last, rubric) : null,
    awards: p.decision?.outcome === 'granted' ? [{ decisionNo: p.decision.decisionNo, revoked: p.revoked }] : [],
    // Replications count at the initiative's current level: none yet at the national level.
    adopters: p.escalated ? 0 : p.adopters.length,
    replications: p.adopters.length,
    objections: p.cycles.flatMap((c) => c.objections ?? []).map((o) => (o === 'upheld' ? 'upheld' : 'dismissed')),
    consultations: p.cycles.filter((c) => c.objections !== undefined).length,
  };
}

export function outlineOf(v: InitiativeView) {
  const r = v.review;
  return {
    id: v.id,
    status: v.status,
    level: v.level,
    councilId: v.councilId,
    definition: v.definition,
    reviews: v.reviews.length,
    review: r
      ? { cycle: r.cycle, outcome: r.outcome, recusals: r.recusals, tally: r.tally, scoreSheets: r.scoreSummary?.sheets ?? 0, average: r.scoreSummary?.average ?? null }
      : null,
    awards: v.awards.map((a) => ({ decisionNo: a.decisionNo, revoked: a.revoked })),
    adopters: v.distinctAdopters,
    replications: v.replications.length,
    objections: v.objections.map((o) => o.status),
    consultations: v.consultations.length,
  };
}

export function expectedFunnel(plans: readonly InitiativePlan[]) {
  const count = (test: (p: InitiativePlan) => boolean) => plans.filter(test).length;
  return {
    registered: plans.length,
    nominated: count((p) => p.screening !== 'none'),
    recommended: count((p) => p.cycles.some((c) => c.outcome === 'recommended')),
    awarded: count((p) => p.decision?.outcome === 'granted'),
    published: count((p) => p.decision?.outcome === 'granted'),
    replicated: count((p) => p.adopters.length > 0),
  };
}

/** `{ groupBy: [dimension], total, groups: [{ <dimension>, count }] }` as /stats/initiatives answers, groups sorted. */
export function expectedGroups(plans: readonly InitiativePlan[], dimension: 'status' | 'field' | 'level' | 'year', valueOf: (p: InitiativePlan) => string | number) {
  const counts = new Map<string | number, number>();
  for (const p of plans) counts.set(valueOf(p), (counts.get(valueOf(p)) ?? 0) + 1);
  const groups = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ [dimension]: value, count }));
  return { groupBy: [dimension], total: plans.length, groups };
}
