import type { ChildProcess } from 'node:child_process';
/**
 * The logger the embedded services write to. `console` and pino loggers fit as they are;
 * a Nest `Logger` needs a small adapter (`info` → `log`).
 *
 * Child-process output (postgres, redis-server) goes to `debug` only, so the default run
 * is quiet; what matters (start, stop, takeovers, failures) goes to `info`/`warn`/`error`.
 */
export interface EmbeddedLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export const silentLogger: EmbeddedLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** Keeps the last `max` lines of a child's output, to put into error messages. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 60) {}

  /** Feeds a chunk; returns the complete lines it finished. */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    const complete = parts.filter((line) => line.length > 0);
    for (const line of complete) {
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
    return complete;
  }

  text(): string {
    return [...this.lines, this.partial].filter(Boolean).join('\n');
  }
}

/** A server child's output routed to the debug log (last lines kept for errors), and its fate. */
export function watchChild(child: ChildProcess, log: EmbeddedLogger, label: string): { tail: LineTail; spawnError: Promise<Error>; exited: Promise<string> } {
  const tail = new LineTail();
  const pipeOutput = (chunk: Buffer) => {
    for (const line of tail.push(chunk)) log.debug?.(`[${label}] ${line}`);
  };
  child.stdout?.on('data', pipeOutput);
  child.stderr?.on('data', pipeOutput);
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit code ${code}`)),
  );
  return { tail, spawnError, exited };
}
