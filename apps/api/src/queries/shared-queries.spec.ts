import { ReadCoalescer } from './shared-queries';

/** A read whose executions are counted and ended by hand. */
function controlledRead() {
  const executions: { startedAt: number; end: (value: string) => void; fail: (error: Error) => void }[] = [];
  let clock = 0;
  const read = () =>
    new Promise<string>((resolve, reject) => {
      executions.push({ startedAt: clock, end: resolve, fail: reject });
    });
  return { executions, read, tick: () => ++clock, now: () => clock };
}

const settled = () => new Promise((r) => setImmediate(r));

describe('identical reads asked for at the same time', () => {
  it('are answered once by an execution that started after each of them arrived', async () => {
    const coalescer = new ReadCoalescer();
    const { executions, read, tick, now } = controlledRead();
    const first = coalescer.run('k', read);
    await settled();
    tick();
    const arrivedAt = now();
    const later = [coalescer.run('k', read), coalescer.run('k', read), coalescer.run('k', read)];
    await settled();
    expect(executions).toHaveLength(1); // the three wait: the running read may have started before them
    executions[0].end('first');
    await expect(first).resolves.toBe('first');
    await settled();
    expect(executions).toHaveLength(2);
    expect(executions[1].startedAt).toBeGreaterThanOrEqual(arrivedAt);
    executions[1].end('second');
    await expect(Promise.all(later)).resolves.toEqual(['second', 'second', 'second']);
  });

  it('of different keys do not wait for each other', async () => {
    const coalescer = new ReadCoalescer();
    const { executions, read } = controlledRead();
    const a = coalescer.run('a', read);
    const b = coalescer.run('b', read);
    await settled();
    expect(executions).toHaveLength(2);
    executions[0].end('A');
    executions[1].end('B');
    await expect(Promise.all([a, b])).resolves.toEqual(['A', 'B']);
  });

  it('share a failure within a group, and the next request reads again', async () => {
    const coalescer = new ReadCoalescer();
    const { executions, read } = controlledRead();
    const first = coalescer.run('k', read);
    await settled();
    const waiting = [coalescer.run('k', read), coalescer.run('k', read)];
    executions[0].end('ok');
    await first;
    await settled();
    executions[1].fail(new Error('database unavailable'));
    for (const w of waiting) await expect(w).rejects.toThrow('database unavailable');
    const again = coalescer.run('k', read);
    await settled();
    expect(executions).toHaveLength(3);
    executions[2].end('back');
    await expect(again).resolves.toBe('back');
  });
});
