import { Module } from '@nestjs/common';
import { ReferenceChecks } from './reference-checks';
import { ReferenceReader } from './reference-reader';
import { AddCouncilMemberHandler, CouncilMembersController, RemoveCouncilMemberHandler } from './councils/council-members';
import { CreateCouncilController, CreateCouncilHandler } from './councils/create-council';
import { GetCouncilHandler, ListCouncilsHandler, ReadCouncilsController } from './councils/read-councils';
import { CloseMovementController, CloseMovementHandler } from './movements/close-movement';
import { DraftMovementController, DraftMovementHandler } from './movements/draft-movement';
import { LaunchMovementController, LaunchMovementHandler } from './movements/launch-movement';
import { GetMovementHandler, ListMovementsHandler, ReadMovementsController } from './movements/read-movements';
import { RecordSummaryController, RecordSummaryHandler } from './movements/record-summary';
import { ListUnitsHandler, RegisterUnitHandler, UnitsController } from './units/register-unit';
import { ListUsersHandler, RegisterUserHandler, UsersController } from './users/register-user';
import { PublishDefinitionController, PublishDefinitionHandler } from './workflows/publish-definition';
import { GetDefinitionVersionHandler, ListWorkflowsHandler, ReadWorkflowsController } from './workflows/read-workflows';

/** Reference data an administrator manages: units, users, councils, workflow definitions, movements. */
@Module({
  controllers: [
    UnitsController,
    UsersController,
    CreateCouncilController,
    CouncilMembersController,
    ReadCouncilsController,
    PublishDefinitionController,
    ReadWorkflowsController,
    DraftMovementController,
    LaunchMovementController,
    CloseMovementController,
    RecordSummaryController,
    ReadMovementsController,
  ],
  providers: [
    ReferenceReader,
    ReferenceChecks,
    RegisterUnitHandler,
    ListUnitsHandler,
    RegisterUserHandler,
    ListUsersHandler,
    CreateCouncilHandler,
    AddCouncilMemberHandler,
    RemoveCouncilMemberHandler,
    ListCouncilsHandler,
    GetCouncilHandler,
    PublishDefinitionHandler,
    ListWorkflowsHandler,
    GetDefinitionVersionHandler,
    DraftMovementHandler,
    LaunchMovementHandler,
    CloseMovementHandler,
    RecordSummaryHandler,
    ListMovementsHandler,
    GetMovementHandler,
  ],
  exports: [ReferenceReader, ReferenceChecks],
})
export class ReferenceModule {}
