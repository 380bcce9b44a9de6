import type { Pool } from 'pg';
import { cursorCodec } from '../cursor';
import { Conditions, pageOf, type Page, type PageRequest } from '../pagination';
import { iso } from '../sql';

export type Owed = 'scores' | 'ballot';

export interface QueuedReview {
  reviewId: string;
  initiativeId: string;
  title: string;
  councilId: string;
  level: string;
  cycle: number;
  openedAt: string;
  deadline: string;
  overdue: boolean;
  secretBallot: boolean;
  /** What the member still owes this review; empty when they have done their part, and for a secretary. */
  owes: Owed[];
  /** `member`: sits on the panel; `secretary`: manages the review of their council (opens, closes), never votes. */
  role: 'member' | 'secretary';
}

/** Narrowing of the queue: what the member still owes (`nothing`: done, or managing), secret ballots or not. */
export interface ReviewQueueFilter {
  owes?: Owed | 'nothing';
  secretBallot?: boolean;
}

type Row = Record<string, unknown>;

/** (deadline, initiative id, review id), the queue's order. */
const QUEUE_CURSOR = cursorCodec('timestamp', 'string', 'string');

/**
 * A member's open reviews (not recused), and the open reviews of the councils they are secretary of
 * (to manage, owing nothing: also a review that listed them on its panel before secretaries stopped
 * sitting on panels), earliest deadline first.
 */
export async function reviewQueue(
  db: Pool,
  memberId: string,
  page: PageRequest,
  now: Date = new Date(),
  duties = 'rm_review_queue_duties',
  secretaryOf: readonly string[] = [],
  filter: ReviewQueueFilter = {},
): Promise<Page<QueuedReview>> {
  const where = new Conditions();
  const me = where.param(memberId);
  const councils = where.param([...secretaryOf]);
  // One row per review: the member's own duty when they have one, else any duty of a council they keep.
  const mine = `SELECT DISTINCT ON (initiative_id, review_id) *, council_id = ANY (${councils}::text[]) AS manages FROM ${duties}
    WHERE open AND ((member_id = ${me} AND NOT recused) OR council_id = ANY (${councils}::text[]))
    ORDER BY initiative_id, review_id, (member_id = ${me}) DESC`;
  const owesScores = '(NOT manages AND scores_expected AND NOT scored)';
  const owesBallot = '(NOT manages AND NOT voted)';
  if (filter.owes === 'scores') where.raw(owesScores);
  if (filter.owes === 'ballot') where.raw(owesBallot);
  if (filter.owes === 'nothing') where.raw(`NOT ${owesScores} AND NOT ${owesBallot}`);
  if (filter.secretBallot !== undefined) where.add((p) => `secret_ballot = ${p}::boolean`, filter.secretBallot);
  if (page.cursor !== undefined) {
    const after = QUEUE_CURSOR.decode(page.cursor);
    where.add((p) => `(deadline, initiative_id, review_id) > (${p}::timestamptz, ${where.param(after[1])}, ${where.param(after[2])})`, after[0]);
  }
  const { rows } = await db.query<Row>(`SELECT * FROM (${mine}) AS queue ${where.where} ORDER BY deadline, initiative_id, review_id LIMIT ${page.limit + 1}`, where.values);
  return pageOf(rows, page.limit, QUEUE_CURSOR, (r) => [iso(r.deadline) ?? '', r.initiative_id as string, r.review_id as string], (r) => {
    const deadline = iso(r.deadline) ?? '';
    const owes: Owed[] = [];
    if (!r.manages && r.scores_expected && !r.scored) owes.push('scores');
    if (!r.manages && !r.voted) owes.push('ballot');
    return {
      reviewId: r.review_id as string,
      initiativeId: r.initiative_id as string,
      title: r.title as string,
      councilId: r.council_id as string,
      level: r.level as string,
      cycle: r.cycle as number,
      openedAt: iso(r.opened_at) ?? '',
      deadline,
      overdue: new Date(deadline).getTime() < now.getTime(),
      secretBallot: r.secret_ballot as boolean,
      owes,
      role: r.manages ? 'secretary' : 'member',
    };
  });
}
