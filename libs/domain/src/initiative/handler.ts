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

/** Drops undefined optionals so events stay minimal and compare cleanly. */
export const compact = <T extends Record<string, unknown>>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
