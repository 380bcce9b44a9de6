import { Injectable } from '@nestjs/common';
import { canReadDossier, councilDecider, holdsCouncilRole, initiativeDecider, unitDecider, type Actor, type InitiativeEvent, type InitiativeState } from '@laurel/domain';
import { CommandRunner, UserDirectory, streams, toDomainEvent } from '@laurel/application';
import type { RecordedEvent } from '@laurel/event-store';
import { namesFrom, type LogEvent, type Names } from '@laurel/documents';
import { ReferenceSources } from '../initiatives/support/context-sources';
import type { Stream } from './document-facts';

const fold = (events: readonly LogEvent[]): InitiativeState =>
  events.reduce((s, e) => initiativeDecider.evolve(s, toDomainEvent<InitiativeEvent>(e as unknown as RecordedEvent)), initiativeDecider.initialState());

const has = (actor: Actor, role: Actor['roles'][number]) => actor.roles.includes(role);

/**
 * Who may fetch a document: the same rules as the data it shows (docs/documents.md).
 * - minutes, ballot count record, result notice: the dossier's readers (domain canReadDossier);
 * - award decision and certificates: anyone signed in once every award on it is published,
 *   before that the dossier's readers of every initiative on it;
 * - a council's submission: the council (members, secretary), the authority of its unit,
 *   auditors and administrators.
 * Anyone else is told the document does not exist (404), as for a dossier.
 */
@Injectable()
export class DocumentAccess {
  constructor(
    private readonly sources: ReferenceSources,
    private readonly runner: CommandRunner,
    private readonly users: UserDirectory,
  ) {}

  async dossier(stream: Stream, actor: Actor): Promise<boolean> {
    const state = fold(stream.events);
    if (state.kind !== 'initiative') return false;
    const { assignedCouncil, units } = await this.sources.scope(state);
    return canReadDossier({ actor, initiative: state, council: assignedCouncil, units });
  }

  async published(stream: Stream, actor: Actor): Promise<boolean> {
    return stream.events.some((e) => e.type === 'InitiativePublished') || this.dossier(stream, actor);
  }

  async allPublished(list: Stream[], actor: Actor): Promise<boolean> {
    if (has(actor, 'administrator') || has(actor, 'auditor')) return true;
    for (const s of list) if (!(await this.published(s, actor))) return false;
    return true;
  }

  async council(councilId: string, actor: Actor): Promise<boolean> {
    if (has(actor, 'administrator') || has(actor, 'auditor')) return true;
    const council = await this.sources.council(councilId);
    if (council.status !== 'active') return false;
    if (holdsCouncilRole(council, actor.userId, ['chair', 'vice_chair', 'member', 'secretary'])) return true;
    return has(actor, 'decision_authority') && actor.unitId === council.unitId;
  }

  /** Display names of the units, users and councils a document mentions. */
  async names(ids: { units?: Iterable<string>; users?: Iterable<string>; councils?: Iterable<string> }): Promise<Names> {
    const map = async (list: Iterable<string> | undefined, name: (id: string) => Promise<string | undefined>) =>
      Object.fromEntries((await Promise.all([...new Set(list ?? [])].map(async (id) => [id, await name(id)] as const))).filter((e): e is readonly [string, string] => e[1] !== undefined));
    const [units, users, councils] = await Promise.all([
      map(ids.units, (id) => this.unitName(id)),
      map(ids.users, async (id) => (await this.users.find(id))?.name),
      map(ids.councils, async (id) => {
        const c = await this.sources.council(id);
        return c.status === 'active' ? c.name : undefined;
      }),
    ]);
    return namesFrom({ units, users, councils });
  }

  async unitName(id: string): Promise<string | undefined> {
    const unit = (await this.runner.current(streams.unit(id), unitDecider)).state;
    return unit.status === 'registered' ? unit.name : undefined;
  }

  /** The unit a council belongs to and that unit's parent, for the issuing body of an award. */
  async issuerOf(councilId: string | undefined, fallbackUnitId: string): Promise<{ unitId: string; issuer: string; parent?: string }> {
    const council = councilId ? (await this.runner.current(streams.council(councilId), councilDecider)).state : undefined;
    const unitId = council?.status === 'active' ? council.unitId : fallbackUnitId;
    const unit = (await this.runner.current(streams.unit(unitId), unitDecider)).state;
    const parentId = unit.status === 'registered' ? unit.parentId : undefined;
    const parent = parentId ? await this.unitName(parentId) : undefined;
    return { unitId, issuer: (await this.unitName(unitId)) ?? unitId, ...(parent ? { parent } : {}) };
  }
}
