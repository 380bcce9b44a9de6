import { Decider, DomainError, DomainErrorCode } from '../src';

/**
 * given(events).when(command, context).then(expected) for any decider. `then` compares
 * the decided events exactly; `thenThrows` expects a DomainError with that code.
 */
export const deciderSpec = <C, E, S, Ctx>(decider: Decider<C, E, S, Ctx>) => ({
  given: (events: readonly E[] = []) => {
    const state = events.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when: (command: C, context: Ctx) => {
        const run = () => decider.decide(command, state, context);
        return {
          then: (expected: E[]): E[] => {
            const actual = run();
            expect(actual).toEqual(expected);
            return actual;
          },
          /** Checks event types in order and returns the events for closer assertions. */
          thenTypes: (types: string[]): E[] => {
            const actual = run();
            expect(actual.map((e) => (e as { type: string }).type)).toEqual(types);
            return actual;
          },
          /** The state after applying the decided events. */
          thenState: (): S => run().reduce(decider.evolve, state),
          thenThrows: (code: DomainErrorCode, message?: RegExp): DomainError => {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught).toBeInstanceOf(DomainError);
            const domainError = caught as DomainError;
            expect(domainError.code).toBe(code);
            if (message) expect(domainError.message).toMatch(message);
            return domainError;
          },
        };
      },
    };
  },
});
