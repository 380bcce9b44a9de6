import { Module } from '@nestjs/common';
import { AuditModule } from '@laurel/application';
import { ProjectionLagModule } from '@laurel/read-models';
import { ReferenceModule } from '../reference/reference.module';
import { ReferenceSources } from '../initiatives/support/context-sources';
import { ReadModelGate } from '../queries/read-model-gate';
import { DecisionDocumentsController } from './decision-documents.controller';
import { DocumentAccess } from './document-access';
import { DocumentFacts } from './document-facts';
import { DocumentRenderer } from './document-renderer';
import { InitiativeDocumentsController } from './initiative-documents.controller';
import { ReportsController } from './reports.controller';
import { VerifyController } from './verify.controller';

/**
 * Official documents generated from the log (docs/documents.md): facts read from the event store
 * (DocumentFacts), read rules (DocumentAccess), rendering by @laurel/documents (DocumentRenderer).
 * Every document carries a verification code that /public/verify checks against the log.
 */
@Module({
  imports: [ProjectionLagModule, ReferenceModule, AuditModule],
  controllers: [InitiativeDocumentsController, DecisionDocumentsController, VerifyController, ReportsController],
  providers: [DocumentFacts, DocumentAccess, DocumentRenderer, ReferenceSources, ReadModelGate],
})
export class DocumentsModule {}
