import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { ApiHarness } from '../../../../test/api-harness';
import { DOCUMENTS, at as atTime, awarded, buildWorld, register, screened, send, type World } from './testing/initiative-fixtures';

describe('initiatives API: the initiative-recognition track', () => {
  let api: ApiHarness;
  let w: World;
  beforeAll(async () => {
    api = await ApiHarness.start();
    w = await buildWorld(api);
  });
  afterAll(() => api.close());

  const get = async (path: string, as = w.auditor) => {
    const response = await api.as(as).get(path);
    if (response.status !== 200) throw new Error(`GET ${path} → ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('walks the whole track over HTTP: registration to escalation at the next level', async () => {
    const officer = api.as(w.officer);
    const secretary = api.as(w.secretary);
    const created = await officer
      .post('/initiatives')
      .send({ movementId: w.movementId, unitId: w.unitId, title: 'Ledger', summary: 'By phone', field: 'economy', authors: [{ name: 'Trần Thị B' }] })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), version: 2, position: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const id: string = created.body.id;
    const at = (suffix: string) => `/initiatives/${id}${suffix}`;
    expect(await get(at(''))).toMatchObject({ status: 'registered', definition: { id: 'initiative-recognition', version: 1 } });

    const progress = await send(officer, at('/progress-reports'), { summary: 'Piloted', indicators: { households: 120 } });
    expect(progress).toEqual({ id, version: 4, position: expect.any(String), reportId: expect.any(String) });
    await send(officer, at('/nomination'), { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Replicable', documents: DOCUMENTS });
    await send(secretary, at('/screening'), { outcome: 'accepted' });

    const opened = await send(secretary, at('/review'), {});
    expect(opened.reviewId).toEqual(expect.any(String));
    const [m1, m2, m3, m4, m5] = w.members;
    await send(api.as(m1), at('/review/scores'), { scores: { novelty: 8, effectiveness: 9, scope: 7 }, comment: 'Strong' });
    // No anchoring: m2 has not scored and does not see m1's sheet; m1 sees only their own.
    expect((await get(at(''), m2)).review.scores).toEqual({ others: [], othersHidden: true });
    expect((await get(at('/history'), m2)).events.find((e: { type: string }) => e.type === 'ScoresSubmitted').data).toMatchObject({ scoresHidden: true });
    await send(api.as(m2), at('/review/scores'), { scores: { novelty: 6, effectiveness: 7, scope: 6 } });
    expect((await get(at(''), m2)).review.scores.others).toEqual([expect.objectContaining({ memberId: m1, scores: { novelty: 8, effectiveness: 9, scope: 7 } })]);

    for (const [member, choice] of [[m1, 'approve'], [m2, 'approve'], [m3, 'approve'], [m4, 'reject'], [m5, 'abstain']] as const) {
      await send(api.as(member), at('/review/ballots'), { choice });
    }
    const closed = await send(secretary, at('/review/close'), {});
    expect(closed.reviewId).toBe(opened.reviewId);
    const afterReview = await get(at(''));
    expect(afterReview.status).toBe('recommended');
    expect(afterReview.review).toMatchObject({
      status: 'closed',
      outcome: 'recommended',
      recusals: [{ memberId: w.colleague, reason: 'automatic:nominating_unit' }],
      tally: { panel: 6, recused: 1, eligible: 5, voted: 5, approve: 3, reject: 1, abstain: 1, quorumMet: true, approved: true },
      scoreSummary: { sheets: 2 },
    });

    const consultation = await send(secretary, at('/consultation'), {});
    expect(consultation.consultationId).toEqual(expect.any(String));
    const objection = await api.anonymous.post(at('/consultation/objections')).send({ text: 'The pilot figures are inflated', contact: 'citizen@example.vn' }).expect(200);
    expect(objection.body).toEqual({ id, version: expect.any(Number), position: expect.any(String), objectionId: expect.any(String) });
    const objectionId = objection.body.objectionId;
    // The objector's contact is for those who handle objections only.
    expect((await get(at(''), w.officer)).objections[0]).not.toHaveProperty('contact');
    expect((await get(at(''), w.secretary)).objections[0]).toMatchObject({ contact: 'citizen@example.vn', status: 'open' });
    await send(secretary, at(`/consultation/objections/${objectionId}/resolution`), { outcome: 'dismissed', reason: 'Figures verified on site' });

    // The window is five working days; the clock is moved past it for the close.
    const closesAt = (await get(at(''))).consultation.closesAt as string;
    await atTime(api, new Date(Date.parse(closesAt) + 60_000).toISOString(), () => send(secretary, at('/consultation/close'), {}));
    expect((await get(at(''))).status).toBe('decision');

    await send(api.as(w.authority), at('/decision'), { outcome: 'granted', decisionNo: '123/QĐ-UBND', decidedOn: '2025-06-01', signedBy: 'Chairman' });
    await send(secretary, at('/publication'), { channel: 'provincial gazette', url: 'https://gazette.example/123' });
    const replicationIds: string[] = [];
    for (const adopter of w.adopters) {
      const replication = await send(api.as(adopter.officer), at('/replications'), { adoptingUnitId: adopter.unitId, startedOn: '2025-07-01' });
      replicationIds.push(replication.replicationId);
    }
    await send(api.as(w.adopters[0].officer), at(`/replications/${replicationIds[0]}/results`), { outcome: 'adopted by 40 households', indicators: { households: 40 } });
    const eligible = await get(at(''));
    expect(eligible).toMatchObject({ status: 'eligible_for_escalation', distinctAdopters: 3, awards: [expect.objectContaining({ decisionNo: '123/QĐ-UBND', level: 'province' })] });
    expect(eligible.replications).toHaveLength(3);
    expect(eligible.replications[0].results).toEqual([expect.objectContaining({ outcome: 'adopted by 40 households' })]);

    await send(officer, at('/escalation'), { councilId: w.nationalCouncilId });
    const escalated = await get(at(''));
    expect(escalated).toMatchObject({ status: 'nominated', level: 'national', councilId: w.nationalCouncilId, definitionId: 'initiative-recognition' });
    expect(escalated.awards).toHaveLength(1);

    // Every initiative event carries the definition it was decided under.
    const raw = await api.app.get<EventStore>(EVENT_STORE).readStream(`initiative-${id}`);
    expect(raw.length).toBe(escalated.version);
    for (const event of raw) expect(event.metadata).toMatchObject({ workflowDefinitionId: 'initiative-recognition', workflowDefinitionVersion: 1 });
    expect(raw.find((e) => e.type === 'ObjectionFiled')?.metadata.actor).toMatchObject({ id: 'public', role: 'public' });
  });

  it('a returned dossier goes back to the unit, which resubmits it for screening', async () => {
    const id = await register(w);
    const at = (suffix: string) => `/initiatives/${id}${suffix}`;
    await send(api.as(w.officer), at('/progress-reports'), { summary: 'Piloted' });
    await send(api.as(w.officer), at('/nomination'), { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Replicable', documents: DOCUMENTS });
    const noReason = await api.as(w.secretary).post(at('/screening')).send({ outcome: 'returned' }).expect(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    await send(api.as(w.secretary), at('/screening'), { outcome: 'returned', reason: 'The achievement report is unsigned' });
    expect((await get(at(''))).status).toBe('returned');
    const signed = { name: 'achievement_report', sha256: 'C'.repeat(64) };
    await send(api.as(w.officer), at('/resubmission'), { statement: 'With the signed report', documents: [signed] });
    const resubmitted = await get(at(''));
    expect(resubmitted.status).toBe('nominated');
    expect(resubmitted.dossier).toEqual({
      statement: 'With the signed report',
      documents: [DOCUMENTS[0], { name: 'achievement_report', sha256: 'c'.repeat(64) }],
    });
    await send(api.as(w.secretary), at('/screening'), { outcome: 'accepted' });
    expect((await get(at(''))).status).toBe('screening');
    const history = await get(at('/history'));
    expect(history.events.find((e: { type: string }) => e.type === 'DossierReturned')).toMatchObject({
      reason: 'The achievement report is unsigned',
      actor: { id: w.secretary, role: 'secretary' },
      command: 'screen',
    });
  });

  it('the history as of a time or a version shows the state as it was then', async () => {
    const id = await awarded(w, '7/QĐ');
    const at = (suffix: string) => `/initiatives/${id}${suffix}`;
    const full = await get(at('/history'));
    const granted = full.events.find((e: { type: string }) => e.type === 'AwardGranted');
    expect(granted).toMatchObject({ actor: { id: w.authority }, command: 'recordDecision', definition: { id: 'initiative-recognition', version: 1 } });
    const before = await get(at(`/history?asOf=${encodeURIComponent(new Date(Date.parse(granted.recordedAt) - 1).toISOString())}`));
    expect(before.state).toMatchObject({ status: 'decision', awards: [] });
    expect(before.events.map((e: { type: string }) => e.type)).not.toContain('AwardGranted');
    const after = await get(at(`/history?asOf=${encodeURIComponent(granted.recordedAt)}`));
    expect(after.state).toMatchObject({ status: 'awarded', awards: [expect.objectContaining({ decisionNo: '7/QĐ' })] });
    expect(after.version).toBe(full.currentVersion);

    const atVersion = await get(at(`/history?version=${granted.version - 1}`));
    expect(atVersion).toMatchObject({ version: granted.version - 1, state: { status: 'decision' } });
    expect(atVersion.events).toHaveLength(granted.version - 1);
    const beforeAll = await get(at('/history?asOf=2000-01-01T00:00:00Z'));
    expect(beforeAll).toMatchObject({ version: 0, state: null, events: [] });
  });

  it('revocation needs a reason, flags the award and erases nothing', async () => {
    const id = await awarded(w, '9/QĐ');
    await send(api.as(w.secretary), `/initiatives/${id}/publication`, { channel: 'provincial gazette' });
    await send(api.as(w.authority), `/initiatives/${id}/revocation`, { reason: 'Forged pilot figures', legalBasis: 'Law on Emulation and Commendation 2022, art. 92' });
    const state = await get(`/initiatives/${id}`);
    expect(state).toMatchObject({ status: 'revoked', final: true, publications: [expect.objectContaining({ channel: 'provincial gazette' })] });
    expect(state.awards).toEqual([expect.objectContaining({ decisionNo: '9/QĐ', revoked: true, revocation: expect.objectContaining({ reason: 'Forged pilot figures' }) })]);
    const history = await get(`/initiatives/${id}/history`);
    expect(history.events.at(-2)).toMatchObject({ type: 'AwardRevoked', reason: 'Forged pilot figures', actor: { id: w.authority } });
  });

  it('a repeated ballot with the same Idempotency-Key returns the first response and writes once', async () => {
    const id = await screened(w);
    await send(api.as(w.secretary), `/initiatives/${id}/review`, {});
    const vote = () => api.as(w.members[0]).post(`/initiatives/${id}/review/ballots`).set('Idempotency-Key', `vote-${id}`).send({ choice: 'approve' });
    const [first, second] = [await vote(), await vote()];
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const state = await get(`/initiatives/${id}`);
    expect(state.review.voters).toEqual([w.members[0]]);
  });

  it('the OpenAPI document lists every initiative route of api.md', () => {
    const document = SwaggerModule.createDocument(api.app, new DocumentBuilder().build());
    const routes = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    const contract = [
      'POST /initiatives',
      ...['progress-reports', 'nomination', 'screening', 'review', 'review/conflicts', 'review/scores', 'review/ballots', 'review/close']
        .concat(['consultation', 'consultation/objections', 'consultation/objections/{objectionId}/resolution', 'decision', 'publication'])
        .concat(['replications', 'replications/{replicationId}/results', 'escalation', 'revocation', 'withdrawal'])
        .map((suffix) => `POST /initiatives/{id}/${suffix}`),
      'GET /initiatives/{id}',
      'GET /initiatives/{id}/history',
    ];
    expect(routes).toEqual(expect.arrayContaining(contract.map((r) => r.replace(' /', ' /api/v1/'))));
  });

  it('an unknown initiative is a 404 NOT_FOUND for queries and commands', async () => {
    expect((await api.as(w.auditor).get('/initiatives/nope-404').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.as(w.auditor).get('/initiatives/nope-404/history').expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.as(w.officer).post('/initiatives/nope-404/progress-reports').send({ summary: 'x' }).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api.as(w.officer).post('/initiatives').send({ movementId: 'no-such-movement', unitId: w.unitId, title: 't', summary: 's', field: 'f', authors: [] }).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('queries need a token; objections do not', async () => {
    expect((await api.anonymous.get('/initiatives/anything').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await api.anonymous.post('/initiatives/anything/progress-reports').send({ summary: 'x' }).expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await api.anonymous.post('/initiatives/nope-404/consultation/objections').send({ text: 'x' }).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('a unit officer of another unit may not act for the initiative (403)', async () => {
    const id = await register(w);
    const other = await api.as(w.adopters[0].officer).post(`/initiatives/${id}/progress-reports`).send({ summary: 'not mine' }).expect(403);
    expect(other.body.code).toBe('FORBIDDEN');
    const wrongRole = await api.as(w.members[0]).post(`/initiatives/${id}/withdrawal`).send({ reason: 'no' }).expect(403);
    expect(wrongRole.body.code).toBe('FORBIDDEN');
    const early = await api.as(w.secretary).post(`/initiatives/${id}/review`).send({}).expect(409);
    expect(early.body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('malformed bodies are 400 VALIDATION_FAILED, never 500', async () => {
    const id = await register(w);
    const at = (suffix: string) => `/initiatives/${id}${suffix}`;
    const cases: [string, string, object, string][] = [
      [w.officer, '/initiatives', { movementId: w.movementId, unitId: w.unitId, title: 't', summary: 's', field: 'f', authors: [{ name: '' }] }, 'authors.0.name'],
      [w.officer, '/initiatives', { movementId: w.movementId, unitId: w.unitId, title: 't', summary: 's', field: 'f', authors: 'me' }, 'authors'],
      [w.officer, '/initiatives', { movementId: 'bad id!', unitId: w.unitId, title: 't', summary: 's', field: 'f', authors: [] }, 'movementId'],
      [w.officer, at('/progress-reports'), { summary: 'x', indicators: 'lots' }, 'indicators'],
      [w.officer, at('/progress-reports'), { summary: 'x', colour: 'red' }, 'colour'],
      [w.officer, at('/nomination'), { awardForm: 'c', councilId: w.councilId, statement: 's', documents: [{ name: 'request_letter', sha256: 'abc' }] }, 'documents.0.sha256'],
      [w.officer, at('/nomination'), { awardForm: 'c', councilId: w.councilId, statement: 's', documents: Array(51).fill(DOCUMENTS[0]) }, 'documents'],
      [w.secretary, at('/screening'), { outcome: 'maybe' }, 'outcome'],
      [w.secretary, at('/review'), { deadline: 'next week' }, 'deadline'],
      [w.secretary, at('/review'), { panel: [] }, 'panel'],
      [w.members[0], at('/review/scores'), { scores: { novelty: 'high' } }, 'scores'],
      [w.members[0], at('/review/ballots'), { choice: 'yes' }, 'choice'],
      [w.members[0], at('/review/ballots'), { choice: 'approve', sealedChoice: 'x' }, 'sealedChoice'],
      [w.secretary, at('/review/close'), { force: true }, 'force'],
      [w.secretary, at('/consultation'), { closesAt: '31/12/2025' }, 'closesAt'],
      [w.secretary, at('/consultation/objections/o1/resolution'), { outcome: 'dismissed' }, 'reason'],
      [w.authority, at('/decision'), { outcome: 'granted', decidedOn: 'yesterday' }, 'decidedOn'],
      [w.secretary, at('/publication'), { channel: 'web', url: 'not a url' }, 'url'],
      [w.officer, at('/replications'), { adoptingUnitId: w.unitId, startedOn: '2025-13-45' }, 'startedOn'],
      [w.officer, at('/escalation'), {}, 'councilId'],
      [w.authority, at('/revocation'), { reason: '' }, 'reason'],
    ];
    for (const [user, path, body, field] of cases) {
      const response = await api.as(user).post(path).send(body);
      expect({ path, field, status: response.status, code: response.body.code }).toEqual({ path, field, status: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    expect((await api.as(w.officer).post(at('/progress-reports')).set('Content-Type', 'application/json').send('{"summary": ').expect(400)).body.code).toBe('MALFORMED_JSON');
    expect((await api.as(w.auditor).get(at('/history?version=-1')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as(w.auditor).get(at('/history?asOf=yesterday')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api.as(w.auditor).get('/initiatives/bad%20id').expect(400)).body.code).toBe('VALIDATION_FAILED');
    // No body at all is the empty body: the command is judged on its merits (here: the wrong stage).
    expect((await api.as(w.secretary).post(at('/review/close')).expect(409)).body.code).toBe('TRANSITION_NOT_ALLOWED');
  });

  it("a nomination's documents keep the file's name, size and media type beside its SHA-256; a bad size or media type is a 400", async () => {
    const id = await register(w);
    const at = (suffix: string) => `/initiatives/${id}${suffix}`;
    const file = { name: 'request_letter', sha256: 'A'.repeat(64), fileName: 'tờ trình.pdf', size: 183204, mediaType: 'application/pdf' };
    for (const [bad, field] of [[{ ...file, size: -1 }, 'documents.0.size'], [{ ...file, size: 1.5 }, 'documents.0.size'], [{ ...file, mediaType: 'pdf' }, 'documents.0.mediaType']] as const) {
      const response = await api.as(w.officer).post(at('/nomination')).send({ awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 's', documents: [bad] }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    await send(api.as(w.officer), at('/progress-reports'), { summary: 'Piloted' });
    await send(api.as(w.officer), at('/nomination'), { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Replicable', documents: [file, DOCUMENTS[1]] });
    expect((await get(at(''))).dossier.documents).toEqual([{ ...file, sha256: 'a'.repeat(64) }, DOCUMENTS[1]]);
  });

  it('withdrawal needs a reason and ends the track; nothing is erased', async () => {
    const id = await register(w);
    await send(api.as(w.officer), `/initiatives/${id}/withdrawal`, { reason: 'The pilot ended' });
    const state = await get(`/initiatives/${id}`);
    expect(state).toMatchObject({ status: 'withdrawn', final: true, withdrawal: { reason: 'The pilot ended' }, title: 'Digital residential-group ledger' });
  });
});
