import { hasAnyRole } from '../shared/context';
import { DomainErrorCode, fail } from '../shared/errors';
import type { Transition } from '../workflow/definition';
import type { AnchorName } from '../workflow/vocabulary';
import type { InitiativeCommand } from './initiative.commands';
import type { InitiativeContext } from './initiative.context';
import type { InitiativeEvent } from './initiative.events';
import type { Initiative } from './initiative.state';

/** The facts a command produces, the outcome the engine routes on, and instants timers may use. */
export interface HandlerResult {
  events: InitiativeEvent[];
  outcome?: string;
  anchors?: Partial<Record<AnchorName, string>>;
}

export interface HandlerInput<T extends InitiativeCommand['type']> {
  command: Extract<InitiativeCommand, { type: T }>;
  state: Initiative;
  context: InitiativeContext;
  /** The transitions the engine found for this command; used for role-scoped checks. */
  candidates: Transition[];
}

export type Handler<T extends InitiativeCommand['type']> = (input: HandlerInput<T>) => HandlerResult;

/** A unit officer acts only for the listed units; other roles the transition allows act for any. */
export const ensureActsFor = (context: InitiativeContext, candidates: Transition[], unitIds: readonly string[]): void => {
  const { actor } = context;
  const otherRoles = candidates.flatMap((t) => t.roles).filter((r) => r !== 'unit_officer');
  if (hasAnyRole(actor, otherRoles)) return;
  if (actor.unitId !== undefined && unitIds.includes(actor.unitId)) return;
  fail(DomainErrorCode.FORBIDDEN, 'A unit officer acts only for their own unit');
};

/** Drops undefined optionals so events stay minimal and compare cleanly. */
export const compact = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
