import { Injectable } from '@nestjs/common';
import { QueryBus, type IQuery, type Query } from '@nestjs/cqrs';
import { shareAnswer } from '@laurel/infra';

interface Group<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  /** The read of the group's first request (every request of a group asks for the same read). */
  read: () => Promise<T>;
}

interface Key<T> {
  /** The execution under way; the requests that came after it started wait for the next. */
  running?: Promise<unknown>;
  next?: Group<T>;
}

/**
 * Identical reads asked for at the same time are answered once: a request arriving while the same
 * read is under way waits for it to end and is then answered, with every other request that
 * arrived meanwhile, by one new execution (group commit, for reads). Each answer so comes from an
 * execution that started after its request arrived: it shows everything a read of its own would
 * have shown. Concurrent visitors of one page — the public list, a council's queue — cost one read
 * of the read models, one conversion of the rows and one answer object between them.
 */
export class ReadCoalescer {
  private readonly keys = new Map<string, Key<unknown>>();

  run<T>(key: string, read: () => Promise<T>): Promise<T> {
    const entry = (this.keys.get(key) ?? {}) as Key<T>;
    this.keys.set(key, entry as Key<unknown>);
    if (entry.running === undefined) return this.start(key, entry, read);
    if (entry.next === undefined) {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      entry.next = { promise, resolve, reject, read };
    }
    return entry.next.promise;
  }

  private start<T>(key: string, entry: Key<T>, read: () => Promise<T>): Promise<T> {
    const running = Promise.resolve().then(read);
    entry.running = running;
    const settle = () => {
      const group = entry.next;
      entry.next = undefined;
      entry.running = undefined;
      if (group) this.start(key, entry, group.read).then(group.resolve, group.reject);
      else this.keys.delete(key);
    };
    running.then(settle, settle);
    return running;
  }
}

/**
 * The QueryBus for the read routes, answering identical queries asked for at the same time once
 * (ReadCoalescer): a query is identified by its class and its fields (filters, page, the viewer
 * where the answer depends on who asks). Answers are shared, and serialized once for all the
 * requests of a group (shareAnswer): nothing may change one after.
 */
@Injectable()
export class SharedQueries {
  private readonly coalescer = new ReadCoalescer();

  constructor(private readonly queries: QueryBus) {}

  execute<TResult>(query: Query<TResult>): Promise<TResult>;
  execute<T extends IQuery, TResult = unknown>(query: T): Promise<TResult>;
  execute(query: IQuery): Promise<unknown> {
    // The answer is sent as it is to every request of its group: serialized once (shareAnswer).
    return this.coalescer.run(`${query.constructor.name}\u0000${JSON.stringify(query)}`, () => this.queries.execute<IQuery, unknown>(query).then(shareAnswer));
  }
}
