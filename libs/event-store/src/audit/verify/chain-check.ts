import { hash as digest } from 'node:crypto';
import { canonicalStoredEvent } from '../canonical';
import type { LoggedEvent, Problem } from './types';

const ZERO = Buffer.alloc(32);

/**
 * The exact pass's stream check: versions without gaps, in order, and each stored hash equal to
 * SHA-256(previous stored hash ‖ canonical encoding), every problem named with its place in global
 * order. (The fast pass, range-check.ts, checks the same and only says whether all held.)
 */
export class ChainChecker {
  private readonly chains = new Map<string, { version: number; hash: Buffer }>();
  private readonly gaps = new Map<string, Problem[]>();
  readonly problems: Problem[] = [];
  private scratch = Buffer.alloc(64 * 1024);

  get streams(): number {
    return this.chains.size;
  }

  /** `index`: the event's place in global order (its leaf index). */
  check(e: LoggedEvent, index: number): void {
    const chain = this.chains.get(e.stream);
    const expected = chain ? chain.version + 1 : 1;
    if (e.version === expected) {
      const computed = this.chainHash(chain ? chain.hash : ZERO, canonicalStoredEvent({ stream: e.stream, version: e.version, type: e.type, eventId: e.eventId, data: e.data, metadata: e.metadata }));
      if (e.hash === null || !computed.equals(e.hash)) {
        this.problems.push({ ...where(e, index), kind: 'data_changed', detail: `${e.stream} v${e.version}: the stored event does not match its hash (type, data, metadata or id changed, or the hash)` });
      }
      this.chains.set(e.stream, { version: e.version, hash: e.hash ?? computed });
    } else if (e.version > expected) {
      const gap: Problem = { ...where(e, index), kind: 'event_missing', version: expected, detail: `${e.stream} jumps from v${expected - 1} to v${e.version}: v${expected}${e.version - 1 > expected ? `–v${e.version - 1}` : ''} missing` };
      this.problems.push(gap);
      const list = this.gaps.get(e.stream);
      if (list) list.push(gap);
      else this.gaps.set(e.stream, [gap]);
      this.chains.set(e.stream, { version: e.version, hash: e.hash ?? ZERO });
    } else {
      // An earlier version arriving after a later one: the events were reordered, not lost.
      for (const gap of this.gaps.get(e.stream) ?? []) {
        if (gap.kind === 'event_missing' && gap.version !== undefined && gap.version <= e.version) {
          gap.kind = 'order_changed';
          gap.detail = `${e.stream} v${e.version} comes after v${(gap.version ?? 0) + 1} in global order`;
        }
      }
      this.problems.push({ ...where(e, index), kind: 'order_changed', detail: `${e.stream} v${e.version} comes after v${chain?.version} in global order` });
    }
  }

  /** One-shot hashing over a reused buffer: no hash object per event. */
  private chainHash(previous: Buffer, canonical: string): Buffer {
    if (32 + canonical.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(32 + canonical.length * 3);
    previous.copy(this.scratch, 0);
    const length = 32 + this.scratch.write(canonical, 32, 'utf8');
    return digest('sha256', this.scratch.subarray(0, length), 'buffer') as unknown as Buffer;
  }
}

export function where(e: LoggedEvent, index: number): Pick<Problem, 'stream' | 'version' | 'position' | 'eventId' | 'leafIndex' | 'at'> {
  return { stream: e.stream, version: e.version, position: e.position, eventId: e.eventId, leafIndex: index, at: index };
}
