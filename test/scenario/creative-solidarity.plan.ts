import { FIELDS, type Field, type UnitPlan, type World } from './creative-solidarity.world';

/*
 * What happens to each application, decided up front so the test can say what every initiative's
 * final state must be. The main movement runs the shipped initiative-recognition track (open
 * ballots): 500 applications, 119 awards, as in the articles. A smaller thematic movement runs a
 * published variant of that track with secret ballots.
 */

export type Choice = 'approve' | 'reject' | 'abstain';
export type ReviewOutcome = 'recommended' | 'not_recommended' | 'no_quorum';
/** How an objection ends: dismissed or upheld during the consultation, or dismissed only after it closed. */
export type ObjectionPlan = 'dismissed' | 'upheld' | 'dismissed_after_close';
export type RecusalReason = 'automatic:nominating_unit' | 'declared_conflict';
export type Scores = { novelty: number; effectiveness: number; scope: number };

export interface CyclePlan {
  outcome: ReviewOutcome;
  /** In the order they are recorded: automatic at the opening, then declared conflicts. */
  recusals: { memberId: string; reason: RecusalReason }[];
  /** Who votes and how; members left out stay away. */
  ballots: [string, Choice][];
  /** Every member who votes scores first. */
  scores: [string, Scores][];
  /** The public consultation after a recommendation. */
  objections?: ObjectionPlan[];
}

export interface InitiativePlan {
  n: number;
  id: string;
  track: 'open' | 'secret';
  movementId: string;
  unit: UnitPlan;
  field: Field;
  title: string;
  author: string;
  progressReports: number;
  withdrawnWhileCultivating: boolean;
  screening: 'none' | 'accepted' | 'returned_resubmitted' | 'returned_withdrawn';
  cycles: CyclePlan[];
  decision?: { outcome: 'granted' | 'declined'; decisionNo?: string };
  /** Units that adopt the model once it is published. */
  adopters: UnitPlan[];
  escalated: boolean;
  revoked: boolean;
}

export const MAIN = {
  applications: 500,
  withdrawnWhileCultivating: 3,
  returnedWithdrawn: 4,
  returnedResubmitted: 36,
  granted: 119,
  declined: 10,
  upheld: 1,
  noQuorumFirst: 4,
  declaredConflicts: 3,
} as const;
export const SECRET = { applications: 20, granted: [0, 2, 5, 7, 9, 12], declined: [15, 17] } as const;

const TITLES: Record<Field, string[]> = {
  economy: ['Cooperative e-commerce stall', 'Microcredit savings group', 'VietGAP vegetable cooperative', 'Cashless wet market'],
  culture_society: ['Community reading corner', 'Green Sunday clean-up', 'Scholarship fund for poor pupils', 'Elderly health club'],
  security_defence: ['Night watch rota', 'Neighbourhood camera network', 'Safe residential group', 'Fire-safe alley'],
  political_system: ["People's receiving day", 'Digital citizen feedback box', 'Self-managed residential group', 'Front committee Zalo channel'],
};
const AUTHORS = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung', 'Hoàng Văn Em', 'Đỗ Thị Giang', 'Vũ Văn Hải'];

/** A small deterministic shuffle (mulberry32), so every run plays the same scenario. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

function scoresOf(n: number, j: number, good: boolean): Scores {
  return good
    ? { novelty: 7 + ((n + j) % 4), effectiveness: 7 + ((n + 2 * j) % 4), scope: 6 + ((n + j) % 5) }
    : { novelty: 2 + ((n + j) % 4), effectiveness: 3 + ((n + 2 * j) % 3), scope: 1 + ((n + j) % 5) };
}

/**
 * A review cycle whose ballots make `outcome` plain under the track's rule: open ballots need a
 * quorum of 2/3 of the eligible members and more than half of those present approving; the
 * secret variant needs 2/3 of the eligible members approving.
 */
function cycle(w: World, n: number, unit: UnitPlan, outcome: ReviewOutcome, track: 'open' | 'secret', conflict: boolean, objections?: ObjectionPlan[]): CyclePlan {
  const recusals: CyclePlan['recusals'] = [];
  if (unit.id === w.recusedUnit.id) recusals.push({ memberId: w.recusedMember, reason: 'automatic:nominating_unit' });
  if (conflict) recusals.push({ memberId: w.conflictMember, reason: 'declared_conflict' });
  const eligible = w.members.filter((m) => !recusals.some((r) => r.memberId === m));
  const rotated = [...eligible.slice(n % eligible.length), ...eligible.slice(0, n % eligible.length)];
  const e = eligible.length;
  let counts: { approve: number; reject: number; abstain: number };
  if (outcome === 'no_quorum') counts = { approve: 4, reject: 0, abstain: 0 };
  else if (track === 'secret') counts = outcome === 'recommended' ? { approve: e - (n % 2), reject: n % 2, abstain: 0 } : { approve: 3, reject: e - 4, abstain: 1 };
  else if (outcome === 'recommended') counts = { approve: e - (n % 3) - (Math.floor(n / 2) % 2), reject: n % 3, abstain: Math.floor(n / 2) % 2 };
  else counts = { approve: n % 4, reject: e - (n % 4) - 1, abstain: 1 };
  const choices: Choice[] = [...Array(counts.approve).fill('approve'), ...Array(counts.reject).fill('reject'), ...Array(counts.abstain).fill('abstain')];
  const ballots = choices.map((choice, i): [string, Choice] => [rotated[i], choice]);
  const scores = ballots.map(([memberId]): [string, Scores] => [memberId, scoresOf(n, w.members.indexOf(memberId), outcome !== 'not_recommended')]);
  return { outcome, recusals, ballots, scores, ...(objections ? { objections } : {}) };
}

export function planScenario(w: World): InitiativePlan[] {
  const base = (n: number, track: 'open' | 'secret', unit: UnitPlan, field: Field): InitiativePlan => ({
    n,
    id: `initiative-${n + 1}-${w.tag}`,
    track,
    movementId: track === 'open' ? w.mainMovementId : w.secretMovementId,
    unit,
    field,
    title: `${TITLES[field][n % 4]} — ${unit.name} (${n + 1})`,
    author: AUTHORS[n % AUTHORS.length],
    progressReports: 1 + (n % 2),
    withdrawnWhileCultivating: false,
    screening: 'accepted',
    cycles: [],
    adopters: [],
    escalated: false,
    revoked: false,
  });

  // The main movement: 500 applications from units at three levels, in the four fields.
  const main = range(0, MAIN.applications).map((n) => base(n, 'open', w.nominating[n % w.nominating.length], FIELDS[n % FIELDS.length]));
  const order = shuffled(range(0, MAIN.applications), 2020);
  const early = (['province', 'district', 'grassroots'] as const).map((level) => order.find((n) => main[n].unit.level === level) ?? -1);
  const rest = order.filter((n) => !early.includes(n));
  const returnedWithdrawn = rest.slice(0, MAIN.returnedWithdrawn);
  const reviewed = rest.slice(MAIN.returnedWithdrawn);
  const granted = reviewed.slice(0, MAIN.granted);
  const declined = reviewed.slice(MAIN.granted, MAIN.granted + MAIN.declined);
  const [upheld] = reviewed.slice(MAIN.granted + MAIN.declined, MAIN.granted + MAIN.declined + MAIN.upheld);
  const traits = shuffled(reviewed, 2025);
  const resubmitted = new Set(traits.slice(0, MAIN.returnedResubmitted));
  const noQuorum = new Set(traits.slice(MAIN.returnedResubmitted, MAIN.returnedResubmitted + MAIN.noQuorumFirst));
  const conflicts = new Set(traits.slice(MAIN.returnedResubmitted + MAIN.noQuorumFirst, MAIN.returnedResubmitted + MAIN.noQuorumFirst + MAIN.declaredConflicts));
  const objections = new Map<number, ObjectionPlan[]>([
    [granted[4], ['dismissed', 'dismissed']],
    ...granted.slice(5, 9).map((n): [number, ObjectionPlan[]] => [n, ['dismissed']]),
    [granted[9], ['dismissed_after_close']],
    [declined[0], ['dismissed']],
    [upheld, ['upheld']],
  ]);

  for (const n of early) Object.assign(main[n], { withdrawnWhileCultivating: true, screening: 'none' });
  for (const n of returnedWithdrawn) main[n].screening = 'returned_withdrawn';
  for (const n of reviewed) {
    const p = main[n];
    if (resubmitted.has(n)) p.screening = 'returned_resubmitted';
    const outcome: ReviewOutcome = granted.includes(n) || declined.includes(n) || n === upheld ? 'recommended' : 'not_recommended';
    if (noQuorum.has(n)) p.cycles.push(cycle(w, n, p.unit, 'no_quorum', 'open', conflicts.has(n)));
    p.cycles.push(cycle(w, n + p.cycles.length, p.unit, outcome, 'open', conflicts.has(n) && p.cycles.length === 0, outcome === 'recommended' ? (objections.get(n) ?? []) : undefined));
    if (n === upheld) p.cycles.push(cycle(w, n + 2, p.unit, 'not_recommended', 'open', false));
  }
  [...granted].sort((a, b) => a - b).forEach((n, k) => (main[n].decision = { outcome: 'granted', decisionNo: `${k + 1}/QĐ-MTTQ-BTT` }));
  for (const n of declined) main[n].decision = { outcome: 'declined' };
  const adoptersFor = (p: InitiativePlan, count: number) => w.grassroots.filter((u) => u.id !== p.unit.id).slice(0, count);
  main[granted[0]].adopters = adoptersFor(main[granted[0]], 3);
  main[granted[0]].escalated = true;
  main[granted[1]].adopters = adoptersFor(main[granted[1]], 2);
  main[granted[2]].adopters = adoptersFor(main[granted[2]], 1);
  main[granted[3]].revoked = true;

  // The thematic movement on the secret-ballot variant: 20 outstanding models, 6 awards.
  const secret = range(0, SECRET.applications).map((s) => {
    const p = base(MAIN.applications + s, 'secret', w.nominating[s % w.nominating.length], FIELDS[s % FIELDS.length]);
    const isGranted = (SECRET.granted as readonly number[]).includes(s);
    const isDeclined = (SECRET.declined as readonly number[]).includes(s);
    p.cycles.push(cycle(w, p.n, p.unit, isGranted || isDeclined ? 'recommended' : 'not_recommended', 'secret', false, isGranted || isDeclined ? [] : undefined));
    if (isGranted) p.decision = { outcome: 'granted', decisionNo: `${s + 1}/QĐ-MTTQ-TĐ` };
    if (isDeclined) p.decision = { outcome: 'declined' };
    return p;
  });
  return [...main, ...secret];
}
