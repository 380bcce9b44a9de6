import { Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * The projector: runs projections from the event store's global feed into read models.
 * The projections themselves arrive with the read-model work; until then it starts, serves /health
 * and runs nothing.
 */
@Module({})
export class ProjectorModule implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new Logger('Projector').log('projector started (no projections registered yet)');
  }
}
