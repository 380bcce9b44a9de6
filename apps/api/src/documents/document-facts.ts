import { Inject, Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DomainErrorCode, fail } from '@laurel/domain';
import { streams } from '@laurel/application';
import { comparePositions, EVENT_STORE, isPosition, type EventStore, type Position, type RecordedEvent } from '@laurel/event-store';
import { documentIndexProjection, initiativesReviewedBy, initiativesWithDecision, waitForReadModels } from '@laurel/read-models';
import {
  anchorOf,
  ballotCountFacts,
  certificateFacts,
  decisionFacts,
  minutesFacts,
  resultNoticeFacts,
  submissionFacts,
  upTo,
  type DocumentKind,
  type LogEvent,
  type MovementSummaryFacts,
} from '@laurel/documents';
import { ProblemException } from '../http/problem-details';

/** How long a look-up waits for the document index before answering 503. */
const waitMs = () => Number(process.env.READ_MODEL_WAIT_MS ?? 5000);

export const toLog = (e: RecordedEvent): LogEvent => ({ type: e.type, data: e.data as Record<string, unknown>, eventId: e.eventId, position: e.position, streamVersion: e.streamVersion, recordedAt: e.recordedAt });

export interface Stream {
  initiativeId: string;
  events: LogEvent[];
}

/** The facts of a document and the streams they were read from (for names and read rules). */
export interface Resolved {
  kind: DocumentKind;
  subject: string[];
  facts: { anchor: { position: string; eventId: string } } & Record<string, unknown>;
  streams: Stream[];
}

/**
 * Reads a document's facts from the log: the same code answers a download (as of now: the latest
 * event it describes) and a verification (as of the position the code names, which must be the
 * document's own anchor). Undefined when the log holds no such document (then).
 */
@Injectable()
export class DocumentFacts {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly pool: Pool,
  ) {}

  async initiative(initiativeId: string): Promise<Stream> {
    return { initiativeId, events: (await this.store.readStream(streams.initiative(initiativeId))).map(toLog) };
  }

  /**
   * The initiatives the document index names for a decision number or a council, read once the index
   * shows the log up to `position` (a verification's anchor), or up to its head: what a scan of the
   * log would find then. 503 NOT_CAUGHT_UP when the index stays behind.
   */
  private async indexed(lookUp: () => Promise<string[]>, position?: string): Promise<Stream[]> {
    const head = await this.store.headPosition();
    // A code naming a position beyond the head waits for the head only: nothing lies beyond it.
    const target = position !== undefined && isPosition(position) && comparePositions(position as Position, head) < 0 ? (position as Position) : head;
    if (!(await waitForReadModels(this.pool, this.store, [documentIndexProjection], target, waitMs()))) {
      throw new ProblemException(503, 'NOT_CAUGHT_UP', `The document index has not reached position ${target} yet; retry shortly`, { 'Retry-After': '1' });
    }
    return Promise.all((await lookUp()).map((id) => this.initiative(id)));
  }

  async resolve(kind: DocumentKind, subject: string[], position?: string): Promise<Resolved | undefined> {
    if (position === undefined) {
      // The latest such document, then its facts as of its own anchor: what happened later (an
      // escalation changing the level, say) is not part of it, and a verification sees the same.
      const latest = await this.factsOf(kind, subject);
      if (!latest) return undefined;
      const at = await this.factsOf(kind, subject, latest.facts.anchor.position, latest.streams);
      return at ? { kind, subject, ...at } : undefined;
    }
    const facts = await this.factsOf(kind, subject, position);
    if (!facts || facts.facts.anchor.position !== position) return undefined;
    return { kind, subject, ...facts };
  }

  /** `preloaded`: the streams a previous call read, to compute again as of another position. */
  private async factsOf(kind: DocumentKind, subject: string[], position?: string, preloaded?: Stream[]): Promise<Omit<Resolved, 'kind' | 'subject'> | undefined> {
    const [first, second] = subject;
    const at = (events: LogEvent[]) => (position === undefined ? events : upTo(events, position));
    const one = async (build: (s: Stream) => Resolved['facts'] | undefined) => {
      if (subject.length !== 2) return undefined;
      const stream = preloaded?.[0] ?? (await this.initiative(first));
      const facts = build({ ...stream, events: at(stream.events) });
      return facts ? { facts, streams: [stream] } : undefined;
    };
    const n = Number(second);
    switch (kind) {
      case 'minutes':
        return one((s) => minutesFacts(s.initiativeId, s.events, second) as Resolved['facts'] | undefined);
      case 'ballot-count':
        return one((s) => ballotCountFacts(s.initiativeId, s.events, second) as Resolved['facts'] | undefined);
      case 'certificate':
        return Number.isSafeInteger(n) && n > 0 ? one((s) => certificateFacts(s.initiativeId, s.events, n) as Resolved['facts'] | undefined) : undefined;
      case 'result-notice':
        return Number.isSafeInteger(n) && n > 0 ? one((s) => resultNoticeFacts(s.initiativeId, s.events, n) as Resolved['facts'] | undefined) : undefined;
      case 'decision': {
        if (subject.length !== 1) return undefined;
        const found = preloaded ?? (await this.indexed(() => initiativesWithDecision(this.pool, first), position));
        const facts = decisionFacts(first, found, position);
        return facts ? { facts: facts as unknown as Resolved['facts'], streams: found } : undefined;
      }
      case 'submission': {
        if (subject.length !== 2) return undefined;
        const found = preloaded ?? (await this.indexed(() => initiativesReviewedBy(this.pool, first), position));
        const facts = submissionFacts(first, second, found, position);
        return facts ? { facts: facts as unknown as Resolved['facts'], streams: found } : undefined;
      }
      case 'movement-summary': {
        if (subject.length !== 2) return undefined;
        const events = at((await this.store.readStream(streams.movement(first))).map(toLog));
        const drafted = events.find((e) => e.type === 'MovementDrafted');
        const summary = events.filter((e) => e.type === 'SummaryRecorded' && e.data.kind === second).at(-1);
        if (!drafted || !summary) return undefined;
        const d = summary.data as { kind: 'preliminary' | 'final'; note?: string; statistics: MovementSummaryFacts['statistics']; recordedAt: string };
        const facts: MovementSummaryFacts = {
          movementId: first,
          title: drafted.data.title as string,
          organizerUnitId: drafted.data.organizerUnitId as string,
          kind: d.kind,
          ...(d.note !== undefined ? { note: d.note } : {}),
          statistics: d.statistics,
          recordedAt: d.recordedAt,
          anchor: anchorOf(summary),
        };
        return { facts: facts as unknown as Resolved['facts'], streams: [] };
      }
    }
  }
}

/** 404 for a document the log does not hold. */
export const notFound = (what: string): never => fail(DomainErrorCode.NOT_FOUND, `${what} not found`);
