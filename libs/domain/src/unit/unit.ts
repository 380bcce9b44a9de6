import { DecisionContext, hasAnyRole } from '../shared/context';
import { Command, DomainEvent, assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { optionalText, requireText } from '../shared/validation';

export type RegisterUnit = Command<'registerUnit', { unitId: string; name: string; level: string; parentId?: string }>;
export type UnitCommand = RegisterUnit;

export type UnitRegistered = DomainEvent<'UnitRegistered', { unitId: string; name: string; level: string; parentId?: string }>;
export type UnitEvent = UnitRegistered;

export type UnitState =
  | { status: 'unregistered' }
  | { status: 'registered'; unitId: string; name: string; level: string; parentId?: string };

/** One unit as the authority rules need it: its level and its parent. */
export interface UnitNode {
  level: string;
  parentId?: string;
}

/** Units by id, as loaded for a command (a unit and every unit above it). */
export type UnitTree = Readonly<Record<string, UnitNode>>;

/** Levels are configuration (province/commune since 2025), so the app passes the configured list. */
export interface UnitContext extends DecisionContext {
  levels?: readonly string[];
}

export const initialUnitState = (): UnitState => ({ status: 'unregistered' });

export const decideUnit = (command: UnitCommand, state: UnitState, context: UnitContext): UnitEvent[] => {
  switch (command.type) {
    case 'registerUnit': {
      if (!hasAnyRole(context.actor, ['administrator'])) fail(DomainErrorCode.FORBIDDEN, 'Only administrators register units');
      if (state.status === 'registered') fail(DomainErrorCode.ALREADY_EXISTS, `Unit ${state.unitId} already exists`);
      const { unitId, parentId } = command.data;
      const level = requireText(command.data.level, 'level');
      if (context.levels && !context.levels.includes(level)) {
        fail(DomainErrorCode.VALIDATION_FAILED, `level must be one of ${context.levels.join(', ')}`);
      }
      if (parentId === unitId) fail(DomainErrorCode.VALIDATION_FAILED, 'A unit cannot be its own parent');
      const data = { unitId: requireText(unitId, 'unitId'), name: requireText(command.data.name, 'name'), level };
      const parent = optionalText(parentId, 'parentId');
      return [{ type: 'UnitRegistered', data: parent ? { ...data, parentId: parent } : data }];
    }
    default:
      return assertNever(command.type);
  }
};

export const evolveUnit = (_state: UnitState, event: UnitEvent): UnitState => {
  switch (event.type) {
    case 'UnitRegistered':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type);
  }
};

export const unitDecider = { decide: decideUnit, evolve: evolveUnit, initialState: initialUnitState };
