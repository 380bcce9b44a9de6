/** A one-line progress bar on stderr: events done, events/s and the time left. */
export class ProgressBar {
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly unit = 'events',
  ) {}

  update(done: number, total: number, seconds: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    this.lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
    const line = `${this.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${this.unit} · ${Math.round(rate).toLocaleString('en')} ${this.unit}/s · ETA ${formatSeconds(eta)}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
  }

  done(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)}s`;
  return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}
