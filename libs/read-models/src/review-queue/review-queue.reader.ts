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
  /** What the member still owes this review; empty when they have done their part. */
  owes: Owed[];
}

type Row = Record<string, unknown>;

/** (deadline, initiative id, review id), the queue's order. */
const QUEUE_CURSOR = cursorCodec('timestamp', 'string', 'string');

/** A member's open reviews (not recused), earliest deadline first. */
export async function reviewQueue(db: Pool, memberId: string, page: PageRequest, now: Date = new Date(), duties = 'rm_review_queue_duties'): Promise<Page<QueuedReview>> {
  const where = new Conditions().raw('open AND NOT recused').add((p) => `member_id = ${p}`, memberId);
  if (page.cursor !== undefined) {
    const after = QUEUE_CURSOR.decode(page.cursor);
    where.add((p) => `(deadline, initiative_id, review_id) > (${p}::timestamptz, ${where.param(after[1])}, ${where.param(after[2])})`, after[0]);
  }
  const { rows } = await db.query<Row>(`SELECT * FROM ${duties} ${where.where} ORDER BY deadline, initiative_id, review_id LIMIT ${page.limit + 1}`, where.values);
  return pageOf(rows, page.limit, QUEUE_CURSOR, (r) => [iso(r.deadline) ?? '', r.initiative_id as string, r.review_id as string], (r) => {
    const deadline = iso(r.deadline) ?? '';
    const owes: Owed[] = [];
    if (r.scores_expected && !r.scored) owes.push('scores');
    if (!r.voted) owes.push('ballot');
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
    };
  });
}
