import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SHIPPED_DEFINITIONS, userDecider, workflowDefinitionDecider, type Actor } from '@laurel/domain';
import { WrongExpectedVersion } from '@laurel/event-store';
import { CommandRunner } from '../command-handling/command-runner';
import { streams } from '../command-handling/streams';

/** The system itself, for what exists from the first start. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', roles: ['administrator'] };
export const BOOTSTRAP_ADMIN_ID = 'admin';

/**
 * What exists from the first start: the shipped workflow definitions (version 1) and the bootstrap
 * administrator. Each is appended only if its stream does not exist yet, so several processes may
 * start together and restarts change nothing.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  private done: Promise<void> | undefined;

  constructor(private readonly runner: CommandRunner) {}

  onApplicationBootstrap(): Promise<void> {
    return this.ready();
  }

  /**
   * Resolves once the shipped definitions and the administrator exist. Runs the work once per
   * process, whichever asks first: what builds on them (the demo seeder) awaits this instead of
   * relying on the order Nest calls bootstrap hooks in.
   */
  ready(): Promise<void> {
    this.done ??= this.createAll();
    return this.done;
  }

  private async createAll(): Promise<void> {
    for (const definition of SHIPPED_DEFINITIONS) {
      await this.once(streams.workflow(definition.id), () =>
        this.runner.run({
          stream: streams.workflow(definition.id),
          id: definition.id,
          decider: workflowDefinitionDecider,
          command: { type: 'publishDefinition', data: { definition } },
          meta: { actor: SYSTEM_ACTOR, correlationId: randomUUID(), ifMatch: 0 },
          context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
        }),
      );
    }
    await this.once(streams.user(BOOTSTRAP_ADMIN_ID), () =>
      this.runner.run({
        stream: streams.user(BOOTSTRAP_ADMIN_ID),
        id: BOOTSTRAP_ADMIN_ID,
        decider: userDecider,
        command: {
          type: 'registerUser',
          data: { userId: BOOTSTRAP_ADMIN_ID, name: 'Administrator', email: 'admin@laurel.local', roles: ['administrator'], unitId: 'root' },
        },
        meta: { actor: SYSTEM_ACTOR, correlationId: randomUUID(), ifMatch: 0 },
        context: (_s, now) => ({ now, actor: SYSTEM_ACTOR }),
      }),
    );
  }

  /** Runs `create` only while the stream is empty (If-Match 0); someone else having done it is fine. */
  private async once(stream: string, create: () => Promise<unknown>): Promise<void> {
    try {
      await create();
      this.logger.log(`created ${stream}`);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
    }
  }
}
