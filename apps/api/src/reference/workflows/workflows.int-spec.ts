import { adHocCommendation, annualEmulationTitle, initiativeRecognition, SHIPPED_DEFINITIONS, type DefinitionDraft } from '@laurel/domain';
import { ApiHarness } from '../../../../../test/api-harness';
import { POSITION, registerUser, uniqueId } from '../reference.fixtures';

describe('workflow definitions API', () => {
  let api: ApiHarness;
  let officer: string;
  beforeAll(async () => {
    api = await ApiHarness.start();
    officer = await registerUser(api, ['unit_officer']);
  });
  afterAll(() => api.close());

  const copyOf = (draft: DefinitionDraft, overrides: Record<string, unknown> = {}) => ({ ...structuredClone(draft), id: uniqueId('fourth'), ...overrides });
  const publish = (definition: unknown, as = 'admin') => api.as(as).post('/workflows').send({ definition });

  it('lists the shipped definitions, published as version 1 at startup', async () => {
    const list = await api.as(officer).get('/workflows').expect(200);
    expect(list.body.nextCursor).toBeNull();
    for (const shipped of SHIPPED_DEFINITIONS) {
      expect(list.body.items).toContainEqual({ definitionId: shipped.id, title: shipped.title, description: shipped.description, latestVersion: 1, versions: [1] });
    }
  });

  it('returns a version of a definition as data', async () => {
    const read = await api.as(officer).get('/workflows/initiative-recognition/versions/1').expect(200);
    expect(read.body).toEqual({ ...JSON.parse(JSON.stringify(initiativeRecognition)), version: 1 });
  });

  it('draws a version as a Mermaid stateDiagram-v2, as text/plain or as JSON', async () => {
    const text = await api.as(officer).get('/workflows/ad-hoc-commendation/versions/1/diagram').expect(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.text.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(text.text).toContain('[*] --> registered: register');
    const json = await api.as(officer).get('/workflows/ad-hoc-commendation/versions/1/diagram?format=json').expect(200);
    expect(json.body).toEqual({ mermaid: text.text });
    expect((await api.as(officer).get('/workflows/ad-hoc-commendation/versions/1/diagram?format=svg').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('an unknown definition or version is a 404 NOT_FOUND; a malformed version is a 400', async () => {
    for (const path of ['/workflows/no-such-flow/versions/1', '/workflows/ad-hoc-commendation/versions/99', '/workflows/no-such-flow/versions/1/diagram']) {
      expect((await api.as(officer).get(path).expect(404)).body.code).toBe('NOT_FOUND');
    }
    for (const version of ['0', 'one', '1.5', '-1', '99999999999']) {
      const response = await api.as(officer).get(`/workflows/ad-hoc-commendation/versions/${version}`).expect(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'version' })]);
    }
  });

  it('publishing a fourth definition gives version 1, publishing it again version 2, and both stay readable', async () => {
    const fourth = copyOf(adHocCommendation, { title: 'Commendation for flood relief' });
    const first = await publish(fourth).expect(201);
    expect(first.body).toEqual({ id: fourth.id, version: 1, position: expect.stringMatching(POSITION) });
    const second = await publish({ ...fourth, title: 'Commendation for flood relief (revised)' }).expect(201);
    expect(second.body).toMatchObject({ id: fourth.id, version: 2 });
    const list = await api.as('admin').get(`/workflows?minPosition=${second.body.position}`).expect(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ definitionId: fourth.id, title: 'Commendation for flood relief (revised)', latestVersion: 2, versions: [1, 2] }));
    expect((await api.as('admin').get(`/workflows/${fourth.id}/versions/1`).expect(200)).body).toMatchObject({ title: 'Commendation for flood relief', version: 1 });
    expect((await api.as('admin').get(`/workflows/${fourth.id}/versions/2/diagram`).expect(200)).text).toContain('stateDiagram-v2');
  });

  it('accepts drafts shaped like every shipped definition (quorum, approval, rubric, choices, anchored timers)', async () => {
    for (const shipped of [initiativeRecognition, adHocCommendation, annualEmulationTitle]) {
      expect((await publish(copyOf(shipped)).expect(201)).body.version).toBe(1);
    }
  });

  it('an invalid definition is a 422 INVALID_DEFINITION listing every problem', async () => {
    const draft = copyOf(adHocCommendation);
    const registered = draft.stages.find((s) => s.id === 'registered');
    if (registered?.kind !== 'active') throw new Error('fixture changed');
    (registered.transitions[0] as { guards?: string[] }).guards = ['sunIsShining'];
    draft.stages.push({ id: 'limbo', kind: 'final', label: 'Nobody gets here' });
    const response = await publish(draft).expect(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 422, code: 'INVALID_DEFINITION' });
    expect(response.body.problems).toEqual(expect.arrayContaining([expect.stringContaining('unknown guard "sunIsShining"'), 'stage "limbo" is unreachable']));
    await api.as('admin').get(`/workflows/${draft.id}/versions/1`).expect(404);
  });

  it('rejects malformed drafts with 400 before the domain sees them', async () => {
    const finalWithTransitions = copyOf(adHocCommendation, { stages: [...adHocCommendation.stages, { id: 'x', kind: 'final', transitions: [] }] });
    const activeWithout = copyOf(adHocCommendation, { stages: [...adHocCommendation.stages, { id: 'x', kind: 'active' }] });
    const bothTimers = copyOf(adHocCommendation, { start: { command: 'register', to: 'registered', roles: ['unit_officer'], timers: [{ name: 'decisionDeadline', after: 'P5D', at: 'reviewDeadline' }] } });
    const cases: [unknown, string][] = [
      [copyOf(adHocCommendation, { colour: 'red' }), 'definition.colour'],
      [copyOf(adHocCommendation, { id: 'Upper Case' }), 'definition.id'],
      [copyOf(adHocCommendation, { title: 'a\nb' }), 'definition.title'],
      [copyOf(adHocCommendation, { stages: 'all of them' }), 'definition.stages'],
      [copyOf(adHocCommendation, { stages: [[{ id: 'x', kind: 'final' }]] }), 'definition.stages'],
      [copyOf(adHocCommendation, { stages: [{ id: 'x', kind: 'limbo' }] }), 'definition.stages.0.kind'],
      [copyOf(adHocCommendation, { parameters: undefined }), 'definition.parameters'],
      [copyOf(adHocCommendation, { parameters: { quorum: '2/3' } }), 'definition.parameters.quorum'],
      [copyOf(adHocCommendation, { start: { command: 'register', to: 'registered', roles: 'unit_officer' } }), 'definition.start.roles'],
      [finalWithTransitions, `definition.stages.${adHocCommendation.stages.length}.transitions`],
      [activeWithout, `definition.stages.${adHocCommendation.stages.length}.transitions`],
      [bothTimers, 'definition.start.timers.0.name'],
    ];
    for (const [definition, field] of cases) {
      const response = await publish(definition).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const unwrapped = await api.as('admin').post('/workflows').send(copyOf(adHocCommendation)).expect(400);
    expect(unwrapped.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'definition' })]));
  });

  it('durations beyond the bounds are refused at publish with 400 VALIDATION_FAILED naming each field (issue 9)', async () => {
    const draft = copyOf(initiativeRecognition) as DefinitionDraft;
    draft.parameters = { ...draft.parameters, reviewPeriod: 'P300000Y', consultationPeriod: 'P12000000D', consultationInWorkingDays: true };
    draft.start = { ...draft.start, timers: [{ name: 'selfAssessmentDeadline', after: 'P300000Y' }] };
    const inReview = draft.stages.findIndex((s) => s.kind === 'active' && s.transitions.some((t) => t.timers?.some((timer) => 'at' in timer && timer.offset)));
    const stage = draft.stages[inReview];
    if (stage?.kind !== 'active') throw new Error('fixture changed');
    const transition = stage.transitions.findIndex((t) => t.timers?.some((timer) => 'at' in timer && timer.offset));
    const timer = stage.transitions[transition].timers?.findIndex((t) => 'at' in t && t.offset) ?? -1;
    (stage.transitions[transition].timers?.[timer] as { offset: string }).offset = '-P99999999999999999999D';
    const response = await publish(draft).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.errors as { field: string; in: string }[]).map((e) => `${e.in} ${e.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'body definition.parameters.reviewPeriod',
        'body definition.parameters.consultationPeriod',
        'body definition.start.timers.0.after',
        `body definition.stages.${inReview}.transitions.${transition}.timers.${timer}.offset`,
      ]),
    );
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'definition.parameters.reviewPeriod', messages: [expect.stringContaining('longer than 1830 days')] }));
    // Within the calendar bound but not the working-day one; and a malformed duration is a 400 too.
    const working = copyOf(initiativeRecognition) as DefinitionDraft;
    working.parameters = { ...working.parameters, consultationPeriod: 'P366D', consultationInWorkingDays: true };
    expect((await publish(working).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'definition.parameters.consultationPeriod', messages: [expect.stringContaining('365 working days')] })]);
    const calendar = copyOf(initiativeRecognition) as DefinitionDraft;
    calendar.parameters = { ...calendar.parameters, consultationPeriod: 'P366D', consultationInWorkingDays: false, reviewPeriod: 'ten days' };
    expect((await publish(calendar).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'definition.parameters.reviewPeriod' })]);
    await api.as('admin').get(`/workflows/${draft.id}/versions/1`).expect(404);
  });

  it('only administrators publish (403); every workflow route needs a token (401)', async () => {
    expect((await publish(copyOf(adHocCommendation), officer).expect(403)).body.code).toBe('FORBIDDEN');
    await api.anonymous.post('/workflows').send({ definition: copyOf(adHocCommendation) }).expect(401);
    for (const path of ['/workflows', '/workflows/ad-hoc-commendation/versions/1', '/workflows/ad-hoc-commendation/versions/1/diagram']) {
      expect((await api.anonymous.get(path).expect(401)).body.code).toBe('UNAUTHENTICATED');
    }
  });
});
