import { randomUUID } from 'node:crypto';
import { newId } from '@laurel/application';
import { WrongExpectedVersion, type EventStore, type NewEvent } from '@laurel/event-store';
import type { Actor, DomainEvent } from '@laurel/domain';
import { liveInitiative, type InitiativeSeed, type TimedEvent } from './lifecycle';
import { Random } from './random';
import { FIELDS, TRACKS, referenceData, type ReferenceData } from './world';

const UNIT_LEVELS = { grassroots: 70, district: 22, province: 8 } as const;
/** Vietnamese wording (bench:lists searches it with and without diacritics). */
const VI_WORDS = ['nước sạch', 'xanh', 'an toàn', 'thông minh', 'số hóa', 'cộng đồng', 'khu dân cư', 'an ninh', 'xóa mù chữ', 'tiết kiệm', 'chợ', 'thanh niên', 'người cao tuổi', 'thư viện', 'hợp tác xã', 'du lịch', 'nông nghiệp', 'tái chế', 'tuần tra đêm', 'đường làng'];
const WORDS = ['clean', 'green', 'safe', 'smart', 'digital', 'community', 'residential', 'security', 'literacy', 'savings', 'water', 'market', 'youth', 'elderly', 'library', 'cooperative', 'tourism', 'farming', 'recycling', 'night-watch'];

export interface SyntheticOptions {
  initiatives: number;
  firstYear?: number;
  years?: number;
  seed?: number;
  /** Appends in flight at once (the store commits concurrent appends together). */
  concurrency?: number;
  /** Prefix of initiative ids, so that several runs can share a database. */
  tag?: string;
  /** Titles and summaries in Vietnamese (with diacritics) instead of English. */
  vietnamese?: boolean;
  onProgress?: (done: number, total: number, events: number) => void;
}

/** The seed of initiative `n`: movement, unit, field and wording drawn in plausible proportions. */
export function initiativeSeed(ref: ReferenceData, n: number, random: Random, tag: string, vietnamese = false): InitiativeSeed {
  const track = random.pick(TRACKS);
  const candidates = ref.movements.filter((m) => m.workflowId === track);
  const movement = candidates[random.int(candidates.length)];
  const unitLevel = random.pick(UNIT_LEVELS);
  const units = ref.unitsByLevel[unitLevel];
  const unitId = units[random.int(units.length)];
  const year = Number(movement.startsOn.slice(0, 4));
  const vocabulary = vietnamese ? VI_WORDS : WORDS;
  const words = [vocabulary[random.int(vocabulary.length)], vocabulary[random.int(vocabulary.length)], vocabulary[random.int(vocabulary.length)]];
  return {
    initiativeId: `${tag}${n}`,
    movement,
    unitId,
    unitLevel,
    field: random.pick(FIELDS),
    title: vietnamese ? `Mô hình ${words[0]} ${words[1]} số ${n}` : `The ${words[0]} ${words[1]} model no. ${n}`,
    summary: vietnamese
      ? `Nhân dân tổ chức ${words[2]} ${words[0]}; kết quả ${words[1]} báo cáo hằng tháng.`
      : `Residents organise a ${words[2]} ${words[0]} rota; ${words[1]} results reported every month.`,
    authors: random.chance(0.6) ? [{ name: `Nguyễn Văn ${n % 997}`, userId: `author-${n % 5000}` }] : [{ name: `Trần Thị ${n % 991}` }],
    startsAt: Date.UTC(year, 0, 2) + random.int(300) * 86_400_000 + random.int(8) * 3_600_000,
  };
}

export function envelope(event: DomainEvent, actor: Actor, occurredAt: string, command: string, definition?: { id: string; version: number }): NewEvent {
  return {
    eventId: newId(),
    type: event.type,
    data: event.data,
    metadata: {
      actor: { id: actor.userId, role: actor.roles.join(','), unitId: actor.unitId },
      correlationId: randomUUID(),
      occurredAt,
      schemaVersion: 1,
      command,
      source: 'seed:synthetic',
      ...(definition ? { workflowDefinitionId: definition.id, workflowDefinitionVersion: definition.version } : {}),
    },
  };
}

export function initiativeEvents(timed: readonly TimedEvent[], definitionId: string): NewEvent[] {
  return timed.map((t) => envelope(t.event, t.actor, t.occurredAt, t.command, { id: definitionId, version: 1 }));
}

/**
 * Writes reference data (skipping streams that exist), then `initiatives` whole histories through the
 * domain's deciders, many appends in flight so the store batches them.
 */
export async function writeSyntheticHistory(store: EventStore, options: SyntheticOptions): Promise<{ events: number; seconds: number }> {
  const started = Date.now();
  const ref = referenceData(options.firstYear ?? 2019, options.years ?? 7);
  const random = new Random(options.seed ?? 20250301);
  const tag = options.tag ?? `syn-${randomUUID().slice(0, 6)}-`;
  let events = 0;
  for (const write of ref.writes) {
    try {
      await store.appendToStream(write.stream, write.events.map((e) => envelope(e, write.actor, write.at, 'seed')), { expectedVersion: 'no_stream' });
      events += write.events.length;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error; // written by an earlier run
    }
  }
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let n = next++; n < options.initiatives; n = next++) {
      const seed = initiativeSeed(ref, n, random, tag, options.vietnamese);
      const timed = liveInitiative(ref.world, seed, random);
      await store.appendToStream(`initiative-${seed.initiativeId}`, initiativeEvents(timed, seed.movement.workflowId), { expectedVersion: 'no_stream' });
      events += timed.length;
      done++;
      if (done % 200 === 0 || done === options.initiatives) options.onProgress?.(done, options.initiatives, events);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 64 }, worker));
  for (const closing of ref.closings) {
    await store.appendToStream(closing.stream, closing.events.map((e) => envelope(e, closing.actor, closing.at, 'closeMovement')), { expectedVersion: 2 }).catch((error: unknown) => {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    });
  }
  return { events, seconds: (Date.now() - started) / 1000 };
}
