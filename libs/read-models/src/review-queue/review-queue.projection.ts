import type { PoolClient } from 'pg';
import type { Projection, ProjectionTables } from '@laurel/projections';
import type { RecordedEvent } from '@laurel/event-store';
import type { DefinitionPublished } from '@laurel/domain';
import { iso, rowsByKey, upsertRows } from '../sql';
import { dutyKey, evolveDuties, expectsScores, type Duties, type ReviewDuty, type ReviewSubject } from './review-duty';

const DUTY_COLUMNS = [
  'review_id', 'member_id', 'initiative_id', 'title', 'council_id', 'level', 'cycle', 'deadline', 'opened_at',
  'secret_ballot', 'scores_expected', 'recused', 'scored', 'voted', 'open',
] as const satisfies readonly (keyof ReviewDuty)[];

/** Only what a member's queue needs; a secret ballot is read for *that* someone voted. */
const TYPES = [
  'InitiativeRegistered', 'InitiativeNominated', 'InitiativeEscalated', 'ReviewOpened', 'MemberRecused', 'ScoresSubmitted',
  'BallotCast', 'SecretBallotCast', 'ReviewClosed', 'InitiativeWithdrawn', 'DefinitionPublished',
];

/** `review_queue`: per review and panel member, whether they still owe scores or a ballot, and by when. */
export const reviewQueueProjection: Projection = {
  name: 'review_queue',
  version: 1,
  filter: { types: TYPES },
  tables: ['duties', 'subjects', 'definitions'],

  async setup(db: PoolClient, t: ProjectionTables) {
    const duties = t.name('duties');
    await db.query(`
      CREATE TABLE IF NOT EXISTS ${t.name('definitions')} (definition_id text NOT NULL, version int NOT NULL, scores_expected boolean NOT NULL, PRIMARY KEY (definition_id, version));
      CREATE TABLE IF NOT EXISTS ${t.name('subjects')} (initiative_id text PRIMARY KEY, version int NOT NULL, title text NOT NULL, definition_id text NOT NULL, definition_version int NOT NULL);
      CREATE TABLE IF NOT EXISTS ${duties} (
        review_id text NOT NULL, member_id text NOT NULL, initiative_id text NOT NULL, title text NOT NULL, council_id text NOT NULL,
        level text NOT NULL, cycle int NOT NULL, deadline timestamptz NOT NULL, opened_at timestamptz NOT NULL, secret_ballot boolean NOT NULL,
        scores_expected boolean NOT NULL, recused boolean NOT NULL, scored boolean NOT NULL, voted boolean NOT NULL, open boolean NOT NULL,
        PRIMARY KEY (initiative_id, review_id, member_id));
      CREATE INDEX IF NOT EXISTS ${duties}_queue ON ${duties} (member_id, deadline, initiative_id, review_id) WHERE open AND NOT recused;
      CREATE INDEX IF NOT EXISTS ${duties}_open ON ${duties} (initiative_id) WHERE open;`);
  },

  async apply(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables) {
    const scores = await definitionsFor(db, events, t);
    const initiativeEvents = events.filter((e) => e.streamName.startsWith('initiative-'));
    if (initiativeEvents.length === 0) return;
    const ids = [...new Set(initiativeEvents.map((e) => e.streamName.slice('initiative-'.length)))];
    const subjects = await rowsByKey<ReviewSubject>(db, t.name('subjects'), 'initiative_id', ids);
    const duties = await openDuties(db, t, ids);
    await loadScoresExpected(db, t, scores, initiativeEvents);

    const changedSubjects = new Set<string>();
    for (const event of initiativeEvents) {
      const id = event.streamName.slice('initiative-'.length);
      const subject = subjects.get(id);
      if (subject && event.streamVersion <= subject.version) continue; // applied before
      const own = duties.get(id) ?? new Map<string, ReviewDuty>();
      const next = evolveDuties(subject, own, event, (definitionId, version) => scores.get(`${definitionId}@${version}`) ?? false);
      if (!next) continue;
      subjects.set(id, next);
      duties.set(id, own);
      changedSubjects.add(id);
    }
    const subjectRows = [...changedSubjects].map((id) => subjects.get(id)).filter((s): s is ReviewSubject => s !== undefined);
    const dutyRows = [...changedSubjects].flatMap((id) => [...(duties.get(id)?.values() ?? [])]);
    await upsertRows(db, t.name('subjects'), ['initiative_id', 'version', 'title', 'definition_id', 'definition_version'], ['initiative_id'], subjectRows);
    await upsertRows(db, t.name('duties'), DUTY_COLUMNS, ['initiative_id', 'review_id', 'member_id'], dutyRows);
  },
};

/** Definitions published in this batch: stored, and returned as `id@version → scores expected`. */
async function definitionsFor(db: PoolClient, events: readonly RecordedEvent[], t: ProjectionTables): Promise<Map<string, boolean>> {
  const rows = events
    .filter((e) => e.type === 'DefinitionPublished')
    .map((e) => (e.data as DefinitionPublished['data']))
    .map((d) => ({ definition_id: d.definitionId, version: d.version, scores_expected: expectsScores(d.definition) }));
  await upsertRows(db, t.name('definitions'), ['definition_id', 'version', 'scores_expected'], ['definition_id', 'version'], rows, 'nothing');
  return new Map(rows.map((r) => [`${r.definition_id}@${r.version}`, r.scores_expected]));
}

/** Definitions are few and immutable once published: read them all when a review opens in the batch. */
async function loadScoresExpected(db: PoolClient, t: ProjectionTables, scores: Map<string, boolean>, events: RecordedEvent[]): Promise<void> {
  if (!events.some((e) => e.type === 'ReviewOpened')) return;
  const { rows } = await db.query<{ definition_id: string; version: number; scores_expected: boolean }>(`SELECT * FROM ${t.name('definitions')}`);
  for (const row of rows) if (!scores.has(`${row.definition_id}@${row.version}`)) scores.set(`${row.definition_id}@${row.version}`, row.scores_expected);
}

async function openDuties(db: PoolClient, t: ProjectionTables, ids: readonly string[]): Promise<Map<string, Duties>> {
  const { rows } = await db.query<ReviewDuty>(`SELECT * FROM ${t.name('duties')} WHERE open AND initiative_id = ANY ($1::text[])`, [ids]);
  const byInitiative = new Map<string, Duties>();
  for (const row of rows) {
    const duties = byInitiative.get(row.initiative_id) ?? new Map<string, ReviewDuty>();
    duties.set(dutyKey(row.review_id, row.member_id), { ...row, deadline: iso(row.deadline) ?? '', opened_at: iso(row.opened_at) ?? '' });
    byInitiative.set(row.initiative_id, duties);
  }
  return byInitiative;
}
