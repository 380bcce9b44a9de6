import type { CouncilState } from '../council/council';
import type { MovementState } from '../movement/movement';
import type { DecisionContext } from '../shared/context';
import type { WorkflowDefinition } from '../workflow/definition';
import type { UnitTree } from '../unit/unit';

/**
 * What the app layer loads before calling decideInitiative; decide stays pure.
 * Which command needs which field is listed in libs/domain/README.md.
 */
export interface InitiativeContext extends DecisionContext {
  /** register/nominate/escalate: the newest version; every other command: the pinned one. */
  definition: WorkflowDefinition;
  /** The council of `councilId` — nominate, openReview, escalate. */
  council?: CouncilState;
  /**
   * The council the nomination is assigned to (state.councilId) — every command on an initiative
   * with a council: the secretary, member and authority scopes are decided against it.
   */
  assignedCouncil?: CouncilState;
  /** revoke: the council that granted the award being revoked, when it is not the assigned one. */
  awardCouncil?: CouncilState;
  /**
   * The nominating unit and the councils' units with every unit above them (unit → level, parent):
   * the authority's and the secretary's scope on tracks without a council, and revocation from above.
   */
  units?: UnitTree;
  /** Unit of each council member (user directory) — openReview, for automatic recusal. */
  memberUnits?: Readonly<Record<string, string>>;
  /** The initiative's movement — register (guard movementLaunched). */
  movement?: MovementState;
  /** Discipline and investigation records of the nominee — recordDecision (guard nomineeInGoodStanding). */
  nomineeStanding?: { underDiscipline: boolean; underInvestigation: boolean };
  /** Configured levels, highest first — escalate (guard nextLevelCouncil). */
  levels?: readonly string[];
  /** Public holidays (YYYY-MM-DD) — openConsultation with working-day periods. */
  holidays?: readonly string[];
}
