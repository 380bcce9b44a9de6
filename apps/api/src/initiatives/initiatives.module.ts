import { Inject, Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { BallotKeySweeper, KEY_VAULT, LocalKeyVault, type KeyVault } from '@laurel/application';
import { ReferenceModule } from '../reference/reference.module';
import { BallotsController, CastBallotHandler, CloseReviewHandler } from './ballots';
import {
  CloseConsultationHandler,
  ConsultationController,
  FileObjectionHandler,
  OpenConsultationHandler,
  ResolveObjectionHandler,
} from './consultation';
import { DecisionController, PublishHandler, RecordDecisionHandler, RevokeHandler } from './decision';
import { DossierController, NominateHandler, ResubmitHandler, ScreenHandler } from './dossier';
import { GetHistoryHandler, GetInitiativeHandler, InitiativeQueriesController } from './queries';
import {
  RegisterInitiativeHandler,
  RegistrationController,
  ReportProgressHandler,
  SubmitSelfAssessmentHandler,
  WithdrawHandler,
} from './registration';
import { EscalateHandler, RecordReplicationResultHandler, ReplicationController, ReportReplicationHandler } from './replication';
import { DeclareConflictHandler, OpenReviewHandler, ReviewController, SubmitScoresHandler } from './review';
import { GetReviewProgressHandler, RemindReviewersHandler, ReviewProgressController } from './review-progress';
import { NomineeStanding, ReferenceSources, WorkflowSettings } from './support/context-sources';
import { InitiativeRunner } from './support/initiative-runner';
import { WorkflowDefinitions } from './support/workflow-definitions';
import { SharedQueries } from '../queries/shared-queries';

/**
 * The initiative workflow: registration to replication, every step a command on the engine
 * (`initiativeDecider`), run by InitiativeRunner with the context libs/domain/README.md lists:
 *
 * - definition: the pinned version (versions cached, they never change); register pins the newest
 *   version of the movement's workflow, nominate and escalate re-pin to the newest;
 * - council and memberUnits (user directory) for openReview; the council for nominate/escalate;
 * - the movement for register; levels (LAUREL_LEVELS) for escalate; holidays (LAUREL_HOLIDAYS)
 *   for openConsultation;
 * - nomineeStanding for recordDecision — INTEGRATION POINT: no discipline or investigation
 *   register exists yet, so NomineeStanding answers { underDiscipline: false,
 *   underInvestigation: false } for every nominee. Connect the real source there.
 *
 * Every event carries workflowDefinitionId/-Version in its metadata. Secret ballots are sealed
 * with the review's key in BallotBox (ballots.ts); queries never show a choice or a sealed ballot.
 * Every command that ends a secret review destroys its key (InitiativeRunner); the sweeper at start
 * destroys what a crash left behind (docs/secret-ballots.md).
 */
@Module({
  imports: [ReferenceModule],
  controllers: [
    RegistrationController,
    DossierController,
    ReviewController,
    BallotsController,
    ConsultationController,
    DecisionController,
    ReplicationController,
    InitiativeQueriesController,
    ReviewProgressController,
  ],
  providers: [
    SharedQueries,
    WorkflowDefinitions,
    WorkflowSettings,
    NomineeStanding,
    ReferenceSources,
    InitiativeRunner,
    RegisterInitiativeHandler,
    ReportProgressHandler,
    SubmitSelfAssessmentHandler,
    WithdrawHandler,
    NominateHandler,
    ScreenHandler,
    ResubmitHandler,
    OpenReviewHandler,
    DeclareConflictHandler,
    SubmitScoresHandler,
    CastBallotHandler,
    CloseReviewHandler,
    OpenConsultationHandler,
    FileObjectionHandler,
    ResolveObjectionHandler,
    CloseConsultationHandler,
    RecordDecisionHandler,
    PublishHandler,
    RevokeHandler,
    ReportReplicationHandler,
    RecordReplicationResultHandler,
    EscalateHandler,
    GetInitiativeHandler,
    GetHistoryHandler,
    GetReviewProgressHandler,
    RemindReviewersHandler,
  ],
})
export class InitiativesModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly sweeper: BallotKeySweeper,
  ) {}

  /** The API seals and opens ballots: without a key-encryption key it does not start (MISSING_KEK). */
  onModuleInit(): void {
    if (this.vault instanceof LocalKeyVault) this.vault.ready();
  }

  /** Keys of reviews that ended while no process could destroy them go now. */
  onApplicationBootstrap(): Promise<void> {
    return this.sweeper.upgradeAndSweep();
  }
}
