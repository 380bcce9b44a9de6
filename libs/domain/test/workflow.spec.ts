import {
  DefinitionDraft,
  DomainErrorCode,
  SHIPPED_DEFINITIONS,
  definitionProblems,
  initiativeDecider,
  initiativeRecognition,
  toMermaid,
  workflowDefinitionDecider,
} from '../src';
import { Journey, NOW, admin, asPublished, officer } from './fixtures';
import { deciderSpec } from './given-when-then';
import { path } from './steps';

const spec = deciderSpec(workflowDefinitionDecider);
const ctx = (actor = admin) => ({ now: NOW, actor });
const publish = (definition: DefinitionDraft) => ({ type: 'publishDefinition' as const, data: { definition } });

/** A small valid track used to break one thing at a time. */
const tiny = (): DefinitionDraft => ({
  id: 'tiny',
  title: 'Tiny',
  start: { command: 'register', to: 'registered', roles: ['unit_officer'] },
  stages: [
    { id: 'registered', kind: 'active', transitions: [{ command: 'withdraw', to: 'withdrawn', roles: ['unit_officer'] }] },
    { id: 'withdrawn', kind: 'final' },
  ],
  parameters: {},
});

describe('workflow definitions', () => {
  it.each(SHIPPED_DEFINITIONS.map((d) => [d.id, d] as const))('the shipped %s definition is valid', (_id, definition) => {
    expect(definitionProblems(definition)).toEqual([]);
  });

  it('a definition is published as version n+1', () => {
    const first = spec.given([]).when(publish(tiny()), ctx()).then([
      { type: 'DefinitionPublished', data: { definitionId: 'tiny', version: 1, definition: { ...tiny(), version: 1 }, publishedAt: NOW } },
    ]);
    const second = spec.given(first).when(publish({ ...tiny(), title: 'Tiny 2' }), ctx()).thenTypes(['DefinitionPublished']);
    expect(second[0]?.data).toMatchObject({ version: 2, definition: { title: 'Tiny 2', version: 2 } });
    const state = spec.given([...first, ...second]).state;
    expect(state.status === 'published' && state.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('only administrators publish definitions', () => {
    spec.given([]).when(publish(tiny()), ctx(officer)).thenThrows(DomainErrorCode.FORBIDDEN);
  });

  it('a definition with an unknown guard, an unknown stage, an unreachable stage or a non-final dead end is rejected', () => {
    const broken: DefinitionDraft = {
      ...tiny(),
      stages: [
        {
          id: 'registered',
          kind: 'active',
          transitions: [
            { command: 'withdraw', to: 'withdrawn', roles: ['unit_officer'], guards: ['phaseOfTheMoon' as never] },
            { command: 'publish', to: 'nowhere', roles: ['secretary'] },
            { command: 'nominate', to: 'stuck', roles: ['unit_officer'] },
          ],
        },
        { id: 'stuck', kind: 'active', transitions: [{ command: 'reportProgress', to: 'stuck', roles: ['unit_officer'] }] },
        { id: 'orphan', kind: 'final' },
        { id: 'withdrawn', kind: 'final' },
      ],
    };
    const error = spec.given([]).when(publish(broken), ctx()).thenThrows(DomainErrorCode.INVALID_DEFINITION);
    expect(error.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('unknown guard "phaseOfTheMoon"'),
        expect.stringContaining('unknown stage "nowhere"'),
        'stage "orphan" is unreachable',
        'stage "stuck" is a dead end but is not final',
      ]),
    );
  });

  it('timers, outcomes and parameters are checked too', () => {
    const draft = tiny();
    const registered = draft.stages[0];
    if (registered?.kind !== 'active') throw new Error('fixture');
    registered.transitions.push(
      { command: 'screen', outcome: 'maybe', to: 'withdrawn', roles: ['secretary'] },
      { command: 'publish', to: 'withdrawn', roles: ['secretary'], timers: [{ name: 'reviewDeadline', at: 'reviewDeadline' }, { name: 'reviewReminder', after: '10 days' }] },
      { command: 'closeReview', to: 'withdrawn', roles: ['chief' as never] },
    );
    draft.parameters = { reviewPeriod: 'ten days', approval: { fraction: '3/2', base: 'all_members', comparison: 'at_least' } };
    const problems = definitionProblems(draft);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('never produces outcome "maybe"'),
        expect.stringContaining('which "publish" does not set'),
        expect.stringContaining('"10 days" is not an ISO 8601 duration'),
        expect.stringContaining('unknown role "chief"'),
        'parameters.reviewPeriod "ten days" is not an ISO 8601 duration',
        'parameters.approval.fraction "3/2" is not a fraction',
        'closeReview is used, so parameters.quorum and parameters.approval are required',
      ]),
    );
  });

  it('a fourth definition needs no code: a thematic commendation with a council vote runs on the same engine', () => {
    const thematic: DefinitionDraft = {
      id: 'thematic-commendation',
      title: 'Thematic commendation',
      start: { command: 'register', to: 'registered', roles: ['unit_officer'] },
      stages: [
        { id: 'registered', kind: 'active', transitions: [{ command: 'nominate', to: 'nominated', roles: ['unit_officer'], guards: ['dossierComplete'] }] },
        { id: 'nominated', kind: 'active', transitions: [{ command: 'openReview', to: 'voting', roles: ['secretary'] }] },
        {
          id: 'voting',
          kind: 'active',
          transitions: [
            { command: 'castBallot', to: 'voting', roles: ['council_member'] },
            { command: 'closeReview', to: 'counted', roles: ['secretary'] },
          ],
        },
        { id: 'counted', kind: 'choice', branches: [{ outcome: 'recommended', to: 'recommended' }, { outcome: 'not_recommended', to: 'rejected' }, { outcome: 'no_quorum', to: 'nominated' }] },
        { id: 'recommended', kind: 'active', transitions: [{ command: 'recordDecision', outcome: 'granted', to: 'awarded', roles: ['decision_authority'] }, { command: 'recordDecision', outcome: 'declined', to: 'rejected', roles: ['decision_authority'] }] },
        { id: 'awarded', kind: 'final' },
        { id: 'rejected', kind: 'final' },
      ],
      parameters: {
        quorum: { fraction: '1/2', base: 'all_members' },
        approval: { fraction: '1/2', base: 'ballots_cast', comparison: 'more_than' },
        reviewPeriod: 'P3D',
        requiredDocuments: ['request_letter'],
        countsTowardsHigherAwards: false,
      },
    };
    const [published] = spec.given([]).when(publish(thematic), ctx()).thenTypes(['DefinitionPublished']);
    const definition = published?.data.definition ?? asPublished(thematic);
    const j = path(new Journey(definition), ['register', 'nominate', 'openReview', ['closeReview', 'recommended'], ['recordDecision', 'granted']]);
    expect(j.stage).toBe('awarded');
    expect(initiativeDecider.initialState()).toEqual({ kind: 'none' });
  });

  it('toMermaid draws the definition as a stateDiagram-v2', () => {
    const text = toMermaid(initiativeRecognition);
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text).toContain('  [*] --> registered: register if movementLaunched');
    expect(text).toContain('  state review_closed <<choice>>');
    expect(text).toContain('  review_closed --> not_recommended: not_recommended');
    expect(text).toContain('  decision --> awarded: recordDecision [granted] if noOpenObjection, nomineeInGoodStanding');
    expect(text).toContain('  revoked --> [*]');
  });
});
