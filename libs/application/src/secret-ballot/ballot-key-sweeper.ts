import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, START, type EventStore, type Position } from '@laurel/event-store';
import { ballotKeyNeeded, definitionVersion, initiativeDecider, workflowDefinitionDecider, type InitiativeState } from '@laurel/domain';
import { CommandRunner } from '../command-handling/command-runner';
import { streams } from '../command-handling/streams';
import { BallotBox } from './ballot-box';

/**
 * A key is created just before its ReviewOpened is appended: a key whose review is not in the log
 * yet is left alone this long (an open that failed without cleaning up leaves such a key behind).
 */
export const ORPHAN_KEY_GRACE_SECONDS = 600;

/**
 * Destroys the keys of secret reviews that are no longer open (closed, withdrawn, superseded, or
 * left by any other transition): the rule is `ballotKeyNeeded` over the initiative's state. Each
 * path that ends a review destroys the key itself; this catches what a crash or an older version
 * left behind. The API runs it at start; the worker may too (it needs no key-encryption key).
 */
@Injectable()
export class BallotKeySweeper {
  private readonly logger = new Logger('BallotKeySweeper');

  constructor(
    private readonly ballots: BallotBox,
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Returns the review ids whose keys it destroyed. */
  async sweep(): Promise<string[]> {
    const destroyed: string[] = [];
    for (const key of await this.ballots.storedKeys()) {
      const { state } = await this.runner.current(streams.initiative(key.initiativeId), initiativeDecider);
      if (!(await this.keep(state, key.reviewId, key.ageSeconds))) {
        await this.ballots.destroy(key.reviewId);
        destroyed.push(key.reviewId);
      }
    }
    if (destroyed.length > 0) this.logger.log(`destroyed the keys of ${destroyed.length} secret review(s) no longer open`);
    return destroyed;
  }

  /**
   * Start-up of a process that holds the key-encryption key: moves keys of the first, clear-key
   * table into the wrapped one, re-wraps keys of a previous KEK, then sweeps.
   */
  async upgradeAndSweep(): Promise<void> {
    const moved = await this.ballots.upgradeLegacyKeys((reviewIds) => this.initiativesOf(reviewIds));
    if (moved > 0) this.logger.log(`wrapped the clear keys of ${moved} secret review(s) left by an earlier version`);
    const rewrapped = await this.ballots.rewrapUnderCurrentKek();
    if (rewrapped > 0) this.logger.log(`re-wrapped ${rewrapped} ballot key(s) under the current key-encryption key`);
    await this.sweep();
  }

  private async keep(state: InitiativeState, reviewId: string, ageSeconds: number): Promise<boolean> {
    if (state.kind !== 'initiative' || !state.reviews.some((r) => r.reviewId === reviewId)) return ageSeconds < ORPHAN_KEY_GRACE_SECONDS;
    const workflow = await this.runner.current(streams.workflow(state.definitionId), workflowDefinitionDecider);
    const definition = definitionVersion(workflow.state, state.definitionVersion);
    // Without its definition the stage cannot be judged: keep the key rather than end a live review.
    if (!definition) return state.reviews.some((r) => r.reviewId === reviewId && r.status === 'open');
    return ballotKeyNeeded(state, reviewId, definition);
  }

  /**
   * The initiative of each review, from the ReviewOpened events of the log (legacy upgrade only, once),
   * read through the port (any event store): the ReviewOpened events (a type filter) up to the
   * end of the feed. On PostgreSQL the feed stops short of events committed behind a transaction
   * still open; a key whose review is not found is dropped, so a ReviewOpened committed at this very
   * moment could be missed: the upgrade runs at start, when an older version's keys are long settled.
   */
  private async initiativesOf(reviewIds: string[]): Promise<Map<string, string>> {
    const wanted = new Set(reviewIds);
    const found = new Map<string, string>();
    let after: Position = START;
    for (;;) {
      const page = await this.store.readAll({ after, batchSize: 1000, filter: { types: ['ReviewOpened'] } });
      for (const event of page.events) {
        const data = event.data as { reviewId?: unknown; initiativeId?: unknown };
        if (typeof data.reviewId === 'string' && wanted.has(data.reviewId) && typeof data.initiativeId === 'string') found.set(data.reviewId, data.initiativeId);
      }
      after = page.checkpoint;
      if (page.isEnd || found.size === wanted.size) return found;
    }
  }
}
