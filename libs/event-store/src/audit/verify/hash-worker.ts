import { parentPort, workerData } from 'node:worker_threads';
import { HashStage } from './hash-stage';

/**
 * The hash stage's thread (hash-handoff.ts): takes chunks of records, gives each chunk's memory
 * back for reuse, and answers `finish` with the tree and the first mismatch.
 */
const port = parentPort;
if (!port) throw new Error('hash-worker runs as a worker thread');
const { start, sizes } = workerData as { start: number; sizes: number[] };
const stage = new HashStage(start, sizes);

port.on('message', (message: { chunk?: ArrayBuffer; length?: number; finish?: true }) => {
  try {
    if (message.chunk) {
      stage.take(new Uint8Array(message.chunk), message.length ?? 0);
      port.postMessage({ returned: message.chunk }, [message.chunk]);
    } else if (message.finish) {
      port.postMessage({ result: stage.finish() });
    }
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
