import type { Pool } from 'pg';
import { migrate } from '../postgres/migrator';

/**
 * The sealer's tables. None of them is trusted by the verifier: it recomputes every root from the
 * events and checks the signatures; the leaves only help it name what changed.
 * - audit_leaves: leaf index → event, in global order, with the event hash the tree was built on.
 * - audit_nodes: the hash of every complete subtree of two leaves or more, for proofs in O(log n).
 * - audit_checkpoints: the signed notes.
 * - audit_sealer: the tree's size and the feed position it reached.
 */
export async function migrateAuditStore(pool: Pool): Promise<void> {
  await migrate(pool, 'audit', [
    {
      id: '001-merkle-tree',
      sql: `
CREATE TABLE audit_leaves (
  leaf_index bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  stream_name text NOT NULL,
  stream_version bigint NOT NULL,
  event_hash bytea NOT NULL,
  position text COLLATE "C" NOT NULL
);
CREATE TABLE audit_nodes (
  level smallint NOT NULL,
  node_index bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (level, node_index)
);
CREATE TABLE audit_checkpoints (
  tree_size bigint PRIMARY KEY,
  root_hash bytea NOT NULL,
  position text COLLATE "C" NOT NULL,
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_checkpoints_position ON audit_checkpoints (position);
CREATE TABLE audit_sealer (
  id int PRIMARY KEY CHECK (id = 1),
  tree_size bigint NOT NULL,
  position text NOT NULL
);
CREATE TABLE audit_verifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  finished_at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  events_checked bigint NOT NULL,
  events_per_second double precision NOT NULL,
  problem text
);`,
    },
  ]);
}
