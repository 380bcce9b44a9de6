/**
 * The application's time in a test: stands still until the test moves it, so a scenario can live
 * through months (review periods, consultation windows in working days) without sleeping.
 * Handed to `ApiHarness.start({ clock })`, it replaces the Clock every command reads `now` from.
 */
export class TestClock {
  private instant: number;

  constructor(start: string) {
    this.instant = TestClock.parse(start);
  }

  now(): string {
    return new Date(this.instant).toISOString();
  }

  /** Moves to `instant`; time never runs backwards in a scenario. */
  set(instant: string): void {
    const next = TestClock.parse(instant);
    if (next < this.instant) throw new Error(`the test clock may not go back from ${this.now()} to ${instant}`);
    this.instant = next;
  }

  private static parse(instant: string): number {
    const ms = Date.parse(instant);
    if (Number.isNaN(ms)) throw new Error(`not an instant: ${instant}`);
    return ms;
  }
}
