import { CLAIM_CATEGORY, CLAIM_EVENT_TYPE, claimStream } from './event-id-claims';
import { escapeRegex, exactly, translateFilter } from './filters';

const settings = { checkpointInterval: 3 };
const regexOf = (filter: { server: unknown }) => new RegExp((filter.server as { regex: string }).regex);

describe('port filters as KurrentDB server-side filters', () => {
  it('reads an unfiltered feed with excludeSystemEvents, so KurrentDB events stay on the server', () => {
    const plan = translateFilter(undefined, settings);
    expect(plan.server).toMatchObject({ filterOn: 'eventType', checkpointInterval: 3 });
    expect(regexOf(plan).test('$metadata')).toBe(false);
    expect(regexOf(plan).test('InitiativeRegistered')).toBe(true);
    expect(plan.matchesNothing).toBe(false);
  });

  it('filters categories on the stream name: the category exactly, up to the first dash', () => {
    const plan = translateFilter({ categories: ['initiative', 'council'] }, settings);
    expect(plan.server).toMatchObject({ filterOn: 'streamName', checkpointInterval: 3 });
    const regex = regexOf(plan);
    expect(['initiative-1', 'council-a-b', 'initiative'].map((s) => regex.test(s))).toEqual([true, true, true]);
    expect(['initiatives-1', 'init-1', 'xinitiative-1', 'council_x-1'].map((s) => regex.test(s))).toEqual([false, false, false, false]);
  });

  it('filters types on the event type exactly, not by prefix', () => {
    const plan = translateFilter({ types: ['Voted', 'VoteCast'] }, settings);
    expect(plan.server).toMatchObject({ filterOn: 'eventType' });
    const regex = regexOf(plan);
    expect(['Voted', 'VoteCast'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['VotedAgain', 'Vote', 'xVoted'].map((t) => regex.test(t))).toEqual([false, false, false]);
  });

  it('with types and categories, filters categories on the server and re-checks both on the client', () => {
    const plan = translateFilter({ types: ['Wanted'], categories: ['a'] }, settings);
    expect(plan.server).toMatchObject({ filterOn: 'streamName' });
    expect(plan.matches('Wanted', 'a-1')).toBe(true);
    expect(plan.matches('Unwanted', 'a-1')).toBe(false);
    expect(plan.matches('Wanted', 'b-1')).toBe(false);
  });

  it('never lets KurrentDB events or the adapter id claims through, whatever the filter', () => {
    for (const filter of [undefined, { categories: [CLAIM_CATEGORY] }, { types: [CLAIM_EVENT_TYPE] }]) {
      expect(translateFilter(filter, settings).matches(CLAIM_EVENT_TYPE, claimStream('0b6f7f5c-7f22-4a0d-9f3b-5a1d2c3e4f50'))).toBe(false);
      expect(translateFilter(filter, settings).matches('$>', '$ce-initiative')).toBe(false);
    }
  });

  it('knows a filter that matches nothing: an empty list, or only categories containing a dash', () => {
    expect(translateFilter({ types: [] }, settings).matchesNothing).toBe(true);
    expect(translateFilter({ categories: [] }, settings).matchesNothing).toBe(true);
    expect(translateFilter({ categories: ['a-b'] }, settings).matchesNothing).toBe(true);
    expect(translateFilter({ categories: ['a-b', 'c'] }, settings).matchesNothing).toBe(false);
  });

  it('escapes regular expression characters in names', () => {
    const names = ['a.b', 'x+y', 'p(q)', 'r[s]', 'c$', '^d', 'e|f', 'g*', 'h?', 'i{2}', 'back\\slash', 'with space'];
    const regex = new RegExp(exactly(names));
    for (const name of names) expect(regex.test(name)).toBe(true);
    expect(['aXb', 'xxy', 'pq', 'rs', 'c', 'd', 'e', 'g', 'h', 'ii', 'back\\\\slash', 'withspace'].some((n) => regex.test(n))).toBe(false);
    expect(escapeRegex('a-b')).toBe('a\\-b');
  });
});
