import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, START, type EventStore, type Position } from '@laurel/event-store';

/** A miss reads the log's new user events at most this often, so unknown e-mails cannot hammer it. */
const CATCH_UP_EVERY_MS = 1_000;

/**
 * E-mail → user id, for issuers whose tokens name users by e-mail (OIDC_USER_CLAIM=email). Built
 * from the log's UserRegistered events and caught up on a miss. An e-mail two users share names
 * nobody: signing in must never pick one of them at random.
 */
@Injectable()
export class UserEmailIndex {
  private readonly byEmail = new Map<string, string | 'ambiguous'>();
  private checkpoint: Position = START;
  private caughtUpAt = 0;
  private catchingUp: Promise<void> | undefined;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The user id registered with this e-mail (compared in lower case), or undefined. */
  async userIdFor(email: string): Promise<string | undefined> {
    const key = email.toLowerCase();
    if (!this.byEmail.has(key) && Date.now() - this.caughtUpAt >= CATCH_UP_EVERY_MS) await this.catchUp();
    const found = this.byEmail.get(key);
    return found === 'ambiguous' ? undefined : found;
  }

  private catchUp(): Promise<void> {
    this.catchingUp ??= (async () => {
      try {
        for (;;) {
          const page = await this.store.readAll({ after: this.checkpoint, batchSize: 2000, filter: { categories: ['user'], types: ['UserRegistered'] } });
          for (const event of page.events) {
            const { userId, email } = event.data as { userId?: unknown; email?: unknown };
            if (typeof userId !== 'string' || typeof email !== 'string') continue;
            const known = this.byEmail.get(email.toLowerCase());
            this.byEmail.set(email.toLowerCase(), known === undefined || known === userId ? userId : 'ambiguous');
          }
          this.checkpoint = page.checkpoint;
          if (page.isEnd) break;
        }
        this.caughtUpAt = Date.now();
      } finally {
        this.catchingUp = undefined;
      }
    })();
    return this.catchingUp;
  }
}
