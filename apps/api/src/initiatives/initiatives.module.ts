import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';

/** The initiative workflow: registration to replication, every step a command on the engine. */
@Module({
  imports: [ReferenceModule],
  controllers: [],
  providers: [],
})
export class InitiativesModule {}
