import { describe, expectTypeOf, it } from 'vitest';
import type { Answer, CommandResult, Page, PageItem, Schemas } from './types';

describe('the generated API types', () => {
  it('describe pages, command answers and views', () => {
    expectTypeOf<PageItem<Schemas['UnitPage']>>().toEqualTypeOf<Schemas['UnitView']>();
    expectTypeOf<Schemas['UnitPage']>().toMatchTypeOf<Page<Schemas['UnitView']>>();
    expectTypeOf<Answer<'UnitsController_register'>>().toEqualTypeOf<CommandResult>();
    expectTypeOf<Answer<'InitiativeQueriesController_get'>>().toEqualTypeOf<Schemas['InitiativeView']>();
    expectTypeOf<Schemas['InitiativeView']['level']>().toEqualTypeOf<string | null>();
  });
});
