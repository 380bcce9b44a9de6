import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * The background worker: BullMQ processors for notifications and deadline timers.
 * The processors arrive with the notifications work; until then it starts, serves /health
 * (which checks Redis) and processes nothing.
 */
@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new Logger('Worker').log('worker started (no processors registered yet)');
  }
}
