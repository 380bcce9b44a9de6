import type { EventStore, RecordedEvent } from '../event-store.port';
import { START, type Position } from '../position';

/** Where a copy has read the source up to; kept after each committed page so an interrupted copy resumes there. */
export interface CopyProgressStore {
  load(): Promise<Position | undefined>;
  save(checkpoint: Position): Promise<void>;
}

export interface CopyOptions {
  /** Only streams of these categories (whole streams: filtering by type would leave gaps in them). */
  categories?: readonly string[];
  /** Events read from the source at a time. Default 1000. */
  batchSize?: number;
  /** Events appended to one stream at once at most. Default 500. */
  maxAppend?: number;
  progress?: CopyProgressStore;
  /** After each page: events read so far from the source, of which copied and already there. */
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyProgress {
  read: number;
  copied: number;
  skipped: number;
}

/**
 * Copies a log through the port: the source's global feed in order, each run of consecutive events of
 * one stream appended to that stream with the version it must be at, keeping event ids, types, data,
 * metadata and the order within every stream (and, as a bonus, the order across streams).
 *
 * Resumable twice over: from the progress store's checkpoint, and by the target's stream versions —
 * an event whose version the target stream already has is skipped, so a lost or stale progress file
 * costs time, never duplicates. A target stream behind the event (a gap) stops the copy.
 */
export async function copyLog(source: EventStore, target: EventStore, options: CopyOptions = {}): Promise<CopyProgress> {
  const maxAppend = options.maxAppend ?? 500;
  const versions = new Map<string, number>();
  const progress: CopyProgress = { read: 0, copied: 0, skipped: 0 };
  let run: RecordedEvent[] = [];

  const targetVersion = async (stream: string): Promise<number> => {
    let version = versions.get(stream);
    if (version === undefined) {
      const [last] = await target.readStream(stream, { direction: 'backwards', maxCount: 1 });
      version = last?.streamVersion ?? 0;
      versions.set(stream, version);
    }
    return version;
  };

  const flush = async (): Promise<void> => {
    if (run.length === 0) return;
    const [first] = run;
    const expected = first.streamVersion - 1;
    await target.appendToStream(
      first.streamName,
      run.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })),
      { expectedVersion: expected === 0 ? 'no_stream' : expected },
    );
    progress.copied += run.length;
    run = [];
  };

  let after: Position = (await options.progress?.load()) ?? START;
  for (;;) {
    const page = await source.readAll({ after, batchSize: options.batchSize ?? 1000, filter: options.categories ? { categories: options.categories } : undefined });
    for (const event of page.events) {
      progress.read++;
      if (run.length > 0 && (run[0].streamName !== event.streamName || run.length >= maxAppend)) await flush();
      const version = await targetVersion(event.streamName);
      if (event.streamVersion <= version) {
        progress.skipped++;
        continue;
      }
      if (event.streamVersion !== version + 1) {
        throw new Error(`cannot copy ${event.streamName}: the target stream is at version ${version}, the next source event is version ${event.streamVersion} (a progress file ahead of the target? rerun with --restart)`);
      }
      run.push(event);
      versions.set(event.streamName, event.streamVersion);
    }
    // The checkpoint is saved only once everything before it is appended.
    await flush();
    after = page.checkpoint;
    await options.progress?.save(after);
    options.onProgress?.({ ...progress });
    if (page.isEnd) return progress;
  }
}
