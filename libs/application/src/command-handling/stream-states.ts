/** A stream folded up to a version. */
export interface Folded<S> {
  state: S;
  version: number;
  position: string;
}

type Evolve = (state: never, event: never) => unknown;

/**
 * Folded streams kept in memory, least recently used first out. A command on a cached stream
 * decides without reading it: if another process wrote meanwhile, the append fails on the version
 * and the runner reads just the missing events. Keyed by the evolve function as well as the
 * stream, since a state is only meaningful to the decider that folded it. States must be immutable
 * (the domain's evolve never mutates), because callers share them.
 */
export class StreamStates {
  private readonly byEvolve = new WeakMap<Evolve, Map<string, Folded<unknown>>>();
  /** Folds known to be behind their stream (this process appended events it could not fold in). */
  private readonly behind = new WeakSet<Folded<unknown>>();

  constructor(private readonly capacity: number) {}

  get<S>(evolve: Evolve, stream: string): Folded<S> | undefined {
    const streams = this.byEvolve.get(evolve);
    const folded = streams?.get(stream);
    if (!streams || !folded) return undefined;
    streams.delete(stream);
    streams.set(stream, folded);
    return folded as Folded<S>;
  }

  /** Whether the cached fold is known to be behind its stream: it must be caught up before it is trusted. */
  isBehind(folded: Folded<unknown>): boolean {
    return this.behind.has(folded);
  }

  /** Marks the cached fold of a stream as behind it (until a newer fold replaces it). */
  markBehind(evolve: Evolve, stream: string): void {
    const folded = this.byEvolve.get(evolve)?.get(stream);
    if (folded) this.behind.add(folded);
  }

  set<S>(evolve: Evolve, stream: string, folded: Folded<S>): void {
    let streams = this.byEvolve.get(evolve);
    if (!streams) {
      streams = new Map();
      this.byEvolve.set(evolve, streams);
    }
    streams.delete(stream);
    streams.set(stream, folded);
    if (streams.size > this.capacity) {
      const oldest = streams.keys().next();
      if (!oldest.done) streams.delete(oldest.value);
    }
  }
}
