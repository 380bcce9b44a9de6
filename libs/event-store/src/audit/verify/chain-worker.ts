import { parentPort } from 'node:worker_threads';
import { ChainChecker } from './chain-check';
import type { LoggedEvent } from './types';

/** A thread of ParallelChains: checks the streams it is given; JSON arrives as text and is parsed here. */
const checker = new ChainChecker();
const port = parentPort;
if (!port) throw new Error('chain-worker runs as a worker thread');
port.on('message', (message: { events?: LoggedEvent[]; indexes?: number[]; end?: true }) => {
  if (message.end) {
    port.postMessage({ outcome: { problems: checker.problems, streams: checker.streams } });
    return;
  }
  const { events = [], indexes = [] } = message;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    // Structured clone turns a Buffer into a plain Uint8Array.
    if (e.hash) e.hash = Buffer.from(e.hash.buffer, e.hash.byteOffset, e.hash.byteLength);
    if (typeof e.data === 'string') e.data = JSON.parse(e.data);
    if (typeof e.metadata === 'string') e.metadata = JSON.parse(e.metadata);
    checker.check(e, indexes[i]);
  }
  port.postMessage({ ack: true });
});
