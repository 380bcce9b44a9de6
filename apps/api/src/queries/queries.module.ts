import { Module } from '@nestjs/common';
import { AuditModule } from '@laurel/application';
import { ProjectionLagModule } from '@laurel/read-models';
import { AuditProofsController, PublicAuditProofsController } from './audit-proofs';
import { ReferenceModule } from '../reference/reference.module';
import { AuditLogController, ReadAuditLogHandler } from './audit-log';
import { InitiativeListController, ListInitiativesHandler } from './initiative-list';
import { PublicPagesController, ReadPublicPageHandler } from './public-pages';
import { ReadModelGate } from './read-model-gate';
import { SharedQueries } from './shared-queries';
import { MyReviewsHandler, ReviewQueueController } from './review-queue';
import { ReadStatisticsHandler, StatisticsController } from './statistics';
import { ReadWorkflowStagesHandler, WorkflowStagesController } from './workflow-stages';

/** Queries answered from the read models: lists, search, queues, statistics, public pages, audit (log, checkpoints, proofs). */
@Module({
  imports: [ProjectionLagModule, ReferenceModule, AuditModule],
  controllers: [InitiativeListController, ReviewQueueController, StatisticsController, PublicPagesController, AuditLogController, AuditProofsController, PublicAuditProofsController, WorkflowStagesController],
  providers: [ReadModelGate, SharedQueries, ListInitiativesHandler, MyReviewsHandler, ReadStatisticsHandler, ReadPublicPageHandler, ReadAuditLogHandler, ReadWorkflowStagesHandler],
})
export class QueriesModule {}
