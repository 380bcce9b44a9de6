/** An event as the domain knows it: a past-tense type and plain data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Command<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

export interface Decider<C, E, S, Ctx> {
  decide(command: C, state: S, context: Ctx): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

export const assertNever = (value: never): never => {
  throw new Error(`Unexpected variant: ${JSON.stringify(value)}`);
};

export const fold = <E, S>(evolve: (state: S, event: E) => S, initial: S, events: readonly E[]): S =>
  events.reduce(evolve, initial);
