import type { Pool } from 'pg';
import type { RecordedEvent } from '@laurel/event-store';
import type { RecipientRole } from '../rules';

export interface InitiativeFacts {
  initiativeId: string;
  unitId: string;
  title: string;
  authorIds: string[];
  councilId: string | null;
}

/** Who holds which role where, for one batch: loaded with a handful of queries. */
export interface DirectorySnapshot {
  initiatives: Map<string, InitiativeFacts>;
  usersByUnitAndRole: Map<string, string[]>;
  councilSecretaries: Map<string, string[]>;
  councilUnits: Map<string, string>;
}

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The few facts the dispatcher needs to turn domain roles into users, kept in small tables fed by
 * the dispatcher's own subscription (users by unit, initiatives' units and authors, councils'
 * members). Every write is an idempotent upsert, so replaying the feed changes nothing.
 */
export class Directory {
  constructor(private readonly pool: Pool) {}

  async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const e of events) {
      const d = e.data as Data;
      switch (e.type) {
        case 'UserRegistered':
          await this.pool.query(
            `INSERT INTO notification_users (user_id, unit_id, roles, email, name) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, roles = EXCLUDED.roles, email = EXCLUDED.email, name = EXCLUDED.name`,
            [d.userId, d.unitId, d.roles, d.email, d.name],
          );
          break;
        case 'CouncilCreated':
          await this.pool.query(
            `INSERT INTO notification_councils (council_id, unit_id) VALUES ($1, $2) ON CONFLICT (council_id) DO UPDATE SET unit_id = EXCLUDED.unit_id`,
            [d.councilId, d.unitId],
          );
          for (const m of (d.members as { userId: string; role: string }[]) ?? []) await this.upsertMember(str(d.councilId), m.userId, m.role);
          break;
        case 'MemberAdded':
          await this.upsertMember(str(d.councilId), str(d.userId), str(d.role));
          break;
        case 'MemberRemoved':
          await this.pool.query('DELETE FROM notification_council_members WHERE council_id = $1 AND user_id = $2', [d.councilId, d.userId]);
          break;
        case 'InitiativeRegistered': {
          const authors = ((d.authors as { userId?: string }[]) ?? []).flatMap((a) => (a.userId ? [a.userId] : []));
          await this.pool.query(
            `INSERT INTO notification_initiatives (initiative_id, unit_id, title, author_ids) VALUES ($1, $2, $3, $4)
             ON CONFLICT (initiative_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, title = EXCLUDED.title, author_ids = EXCLUDED.author_ids`,
            [d.initiativeId, d.unitId, d.title, authors],
          );
          break;
        }
        case 'InitiativeNominated':
        case 'ReviewOpened':
        case 'InitiativeEscalated':
          if (d.councilId) await this.pool.query('UPDATE notification_initiatives SET council_id = $2 WHERE initiative_id = $1', [d.initiativeId, d.councilId]);
          break;
        default:
          break;
      }
    }
  }

  private async upsertMember(councilId: string, userId: string, role: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO notification_council_members (council_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (council_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
      [councilId, userId, role],
    );
  }

  /** Everything needed to resolve recipients for notifications about these initiatives. */
  async snapshot(initiativeIds: readonly string[]): Promise<DirectorySnapshot> {
    const ids = [...new Set(initiativeIds)];
    const snap: DirectorySnapshot = { initiatives: new Map(), usersByUnitAndRole: new Map(), councilSecretaries: new Map(), councilUnits: new Map() };
    if (ids.length === 0) return snap;
    const initiatives = await this.pool.query<{ initiative_id: string; unit_id: string; title: string; author_ids: string[]; council_id: string | null }>(
      'SELECT initiative_id, unit_id, title, author_ids, council_id FROM notification_initiatives WHERE initiative_id = ANY($1)',
      [ids],
    );
    for (const r of initiatives.rows) {
      snap.initiatives.set(r.initiative_id, { initiativeId: r.initiative_id, unitId: r.unit_id, title: r.title, authorIds: r.author_ids, councilId: r.council_id });
    }
    const councilIds = [...new Set(initiatives.rows.flatMap((r) => (r.council_id ? [r.council_id] : [])))];
    const [councils, members] = await Promise.all([
      this.pool.query<{ council_id: string; unit_id: string }>('SELECT council_id, unit_id FROM notification_councils WHERE council_id = ANY($1)', [councilIds]),
      this.pool.query<{ council_id: string; user_id: string }>(
        `SELECT council_id, user_id FROM notification_council_members WHERE council_id = ANY($1) AND role = 'secretary' ORDER BY user_id`,
        [councilIds],
      ),
    ]);
    for (const c of councils.rows) snap.councilUnits.set(c.council_id, c.unit_id);
    for (const m of members.rows) push(snap.councilSecretaries, m.council_id, m.user_id);
    const unitIds = [...new Set([...initiatives.rows.map((r) => r.unit_id), ...councils.rows.map((c) => c.unit_id)])];
    const users = await this.pool.query<{ user_id: string; unit_id: string; roles: string[] }>(
      'SELECT user_id, unit_id, roles FROM notification_users WHERE unit_id = ANY($1) ORDER BY user_id',
      [unitIds],
    );
    for (const u of users.rows) for (const role of u.roles) push(snap.usersByUnitAndRole, `${u.unit_id}\u0000${role}`, u.user_id);
    return snap;
  }

  /** E-mail addresses of these users (those registered in the feed so far). */
  async emails(userIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ user_id: string; email: string }>('SELECT user_id, email FROM notification_users WHERE user_id = ANY($1)', [
      [...new Set(userIds)],
    ]);
    return new Map(rows.map((r) => [r.user_id, r.email]));
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Turns a rule's roles into user ids, in a stable order, each user once. */
export function resolveRecipients(
  roles: readonly RecipientRole[],
  initiative: InitiativeFacts | undefined,
  snap: DirectorySnapshot,
  explicit: Partial<Record<'review_panel' | 'members_owing_ballot', readonly string[]>> = {},
): string[] {
  const out = new Set<string>();
  const add = (ids: readonly string[] | undefined) => ids?.forEach((id) => out.add(id));
  const inUnit = (unitId: string | undefined, role: string) => (unitId ? snap.usersByUnitAndRole.get(`${unitId}\u0000${role}`) : undefined);
  for (const role of roles) {
    switch (role) {
      case 'review_panel':
      case 'members_owing_ballot':
        add(explicit[role]);
        break;
      case 'unit_officers':
        add(inUnit(initiative?.unitId, 'unit_officer'));
        break;
      case 'authors':
        add(initiative?.authorIds);
        break;
      case 'council_secretaries':
        add(initiative?.councilId ? snap.councilSecretaries.get(initiative.councilId) : undefined);
        break;
      case 'decision_authorities': {
        const councilUnit = initiative?.councilId ? snap.councilUnits.get(initiative.councilId) : undefined;
        add(inUnit(councilUnit ?? initiative?.unitId, 'decision_authority'));
        break;
      }
    }
  }
  return [...out];
}
