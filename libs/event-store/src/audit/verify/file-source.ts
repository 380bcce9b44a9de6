import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { LoggedEvent, LogSource } from './types';

/**
 * An export file (`npm run audit:export`): JSON lines, one `{"checkpoint": note}` per checkpoint
 * first, then one `{"e": [stream, version, type, eventId, data, metadata, hash hex, position]}`
 * per event in global order. Lets anyone verify a copy of the log without database access.
 */
export class FileLogSource implements LogSource {
  private notes: string[] = [];
  private total = 0;

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<FileLogSource> {
    const source = new FileLogSource(file);
    for await (const line of lines(file)) {
      if (line.startsWith('{"checkpoint"')) source.notes.push((JSON.parse(line) as { checkpoint: string }).checkpoint);
      else if (line.startsWith('{"e"')) source.total++;
    }
    return source;
  }

  count(): Promise<number> {
    return Promise.resolve(this.total);
  }

  checkpoints(): Promise<string[]> {
    return Promise.resolve(this.notes);
  }

  async *events(): AsyncIterable<LoggedEvent[]> {
    let batch: LoggedEvent[] = [];
    for await (const line of lines(this.file)) {
      if (!line.startsWith('{"e"')) continue;
      const [stream, version, type, eventId, data, metadata, hash, position] = (JSON.parse(line) as { e: [string, number, string, string, unknown, unknown, string | null, string] }).e;
      batch.push({ stream, version, type, eventId, data, metadata, hash: hash === null ? null : Buffer.from(hash, 'hex'), position });
      if (batch.length >= 10_000) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function lines(file: string): AsyncIterable<string> {
  return readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/** One export line for an event. */
export function exportLine(e: LoggedEvent): string {
  return JSON.stringify({ e: [e.stream, e.version, e.type, e.eventId, e.data, e.metadata, e.hash ? e.hash.toString('hex') : null, e.position] });
}
