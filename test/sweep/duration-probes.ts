import { initiativeRecognition, MAX_PERIOD_DAYS, MAX_WORKING_DAYS, type DefinitionDraft } from '@laurel/domain';

/*
 * The sweep's durations (issue 9): definitions whose periods ran dates off the calendar or froze the
 * working-day count are refused at publish (400 VALIDATION_FAILED naming the field); a definition at
 * the bounds is accepted, and a whole journey under it (registration, review, consultation, an
 * objection) answers without a 5xx — each step as it would on a real deployment.
 */

type Draft = DefinitionDraft & Record<string, unknown>;

/** initiative-recognition under `id`, with the given review/consultation periods, a start timer and the reminder offset. */
function withDurations(id: string, d: { reviewPeriod: string; consultationPeriod: string; after: string; offset: string }): Draft {
  const draft = { ...structuredClone(initiativeRecognition), id } as Draft;
  draft.parameters = { ...draft.parameters, reviewPeriod: d.reviewPeriod, consultationPeriod: d.consultationPeriod, consultationInWorkingDays: true };
  draft.start = { ...draft.start, timers: [{ name: 'selfAssessmentDeadline', after: d.after }] };
  for (const stage of draft.stages) {
    if (stage.kind !== 'active') continue;
    for (const t of stage.transitions) for (const timer of t.timers ?? []) if ('at' in timer && timer.offset) (timer as { offset: string }).offset = d.offset;
  }
  return draft;
}

const FINE = { reviewPeriod: 'P14D', consultationPeriod: 'P5D', after: 'P30D', offset: '-P2D' };
/** Each once gave a 500 or froze the API (issue 9), and must be refused naming its field. */
const UNBOUNDED: [label: string, durations: typeof FINE, field: RegExp][] = [
  ['reviewPeriod P300000Y', { ...FINE, reviewPeriod: 'P300000Y' }, /parameters\.reviewPeriod$/],
  ['start timer after P300000Y', { ...FINE, after: 'P300000Y' }, /start\.timers\.0\.after$/],
  ['consultationPeriod P12000000D in working days', { ...FINE, consultationPeriod: 'P12000000D' }, /parameters\.consultationPeriod$/],
  ['consultationPeriod P366D in working days', { ...FINE, consultationPeriod: 'P366D' }, /parameters\.consultationPeriod$/],
  ['reminder offset -P300000Y', { ...FINE, offset: '-P300000Y' }, /\.offset$/],
  ['reviewPeriod of 10^23 days', { ...FINE, reviewPeriod: 'P99999999999999999999999D' }, /parameters\.reviewPeriod$/],
  ['reviewPeriod P1830DT24H', { ...FINE, reviewPeriod: 'P1830DT24H' }, /parameters\.reviewPeriod$/],
];
export const LARGEST_ACCEPTED = { reviewPeriod: 'P5Y', consultationPeriod: `P${MAX_WORKING_DAYS}D`, after: `P${MAX_PERIOD_DAYS}D`, offset: `-P${MAX_PERIOD_DAYS}D` };

interface Step {
  label: string;
  method: 'POST' | 'GET';
  path: string;
  as?: string;
  body?: unknown;
  /** The status a working deployment answers. */
  status: number;
  code?: string;
  field?: RegExp;
}

/** Runs the duration probes against the demo; returns every answer that was a 5xx or not what it should be. */
export async function durationProbes(baseUrl: string, token: (userId: string) => string, tag: string): Promise<{ probes: number; failures: string[] }> {
  const failures: string[] = [];
  let probes = 0;
  const run = async (step: Step): Promise<Record<string, unknown>> => {
    probes += 1;
    const response = await fetch(`${baseUrl}/api/v1${step.path}`, {
      method: step.method,
      headers: { 'Content-Type': 'application/json', ...(step.as ? { Authorization: `Bearer ${token(step.as)}` } : {}) },
      ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
    });
    const text = await response.text();
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const fields = Array.isArray(body.errors) ? (body.errors as { field: string }[]).map((e) => e.field) : [];
    if (response.status >= 500 || response.status !== step.status || (step.code && body.code !== step.code) || (step.field && !fields.some((f) => step.field?.test(f)))) {
      failures.push(`durations: ${step.label}: ${step.method} ${step.path} → ${response.status} ${text.slice(0, 300)}`);
    }
    return body;
  };

  for (const [label, durations, field] of UNBOUNDED) {
    await run({ label: `publish ${label}`, method: 'POST', path: '/workflows', as: 'admin', body: { definition: withDurations(`nse-unbounded-${tag}`, durations) }, status: 400, code: 'VALIDATION_FAILED', field });
  }
  await run({ label: 'no unbounded definition was published', method: 'GET', path: `/workflows/nse-unbounded-${tag}/versions/1`, as: 'admin', status: 404 });

  const workflowId = `nse-bounded-${tag}`;
  await run({ label: 'publish the largest accepted durations', method: 'POST', path: '/workflows', as: 'admin', body: { definition: withDurations(workflowId, LARGEST_ACCEPTED) }, status: 201 });
  const movement = await run({
    label: 'a movement under it',
    method: 'POST',
    path: '/movements',
    as: 'admin',
    body: { title: 'Bounded', organizerUnitId: 'demo-ba-dinh', kind: 'thematic', fields: ['health'], startsOn: '2020-01-01', endsOn: '2099-12-31', workflowId },
    status: 201,
  });
  await run({ label: 'launch it', method: 'POST', path: `/movements/${String(movement.id)}/launch`, as: 'admin', body: {}, status: 200 });
  const registered = await run({
    label: 'register (start timer of 1830 days)',
    method: 'POST',
    path: '/initiatives',
    as: 'demo-officer',
    body: { movementId: movement.id, unitId: 'demo-phuc-xa', title: 'Bounded', summary: 'At the bounds', field: 'health', authors: [{ name: 'A' }] },
    status: 201,
  });
  const id = String(registered.id);
  const on = (suffix: string) => `/initiatives/${id}${suffix}`;
  await run({ label: 'progress', method: 'POST', path: on('/progress-reports'), as: 'demo-officer', body: { summary: 'Progress', indicators: { a: 1 } }, status: 200 });
  const documents = [
    { name: 'request_letter', sha256: 'a'.repeat(64) },
    { name: 'achievement_report', sha256: 'b'.repeat(64) },
  ];
  await run({ label: 'nominate', method: 'POST', path: on('/nomination'), as: 'demo-officer', body: { awardForm: 'certificate_of_merit', councilId: 'demo-council', statement: 'S', documents }, status: 200 });
  await run({ label: 'screen', method: 'POST', path: on('/screening'), as: 'demo-secretary', body: { outcome: 'accepted' }, status: 200 });
  for (const deadline of ['9999-12-31T23:59:59Z', '2999-01-01T00:00:00Z']) {
    await run({ label: `a review deadline of ${deadline}`, method: 'POST', path: on('/review'), as: 'demo-secretary', body: { deadline }, status: 400, code: 'VALIDATION_FAILED' });
  }
  await run({ label: 'open the review (five-year period)', method: 'POST', path: on('/review'), as: 'demo-secretary', body: {}, status: 200 });
  for (const member of ['demo-member-1', 'demo-member-2', 'demo-member-3']) {
    await run({ label: `ballot of ${member}`, method: 'POST', path: on('/review/ballots'), as: member, body: { choice: 'approve' }, status: 200 });
  }
  await run({ label: 'close the review', method: 'POST', path: on('/review/close'), as: 'demo-secretary', body: {}, status: 200 });
  await run({ label: 'a consultation closing in 9999', method: 'POST', path: on('/consultation'), as: 'demo-secretary', body: { closesAt: '9999-12-31T23:59:59Z' }, status: 400, code: 'VALIDATION_FAILED' });
  await run({ label: 'open the consultation (365 working days)', method: 'POST', path: on('/consultation'), as: 'demo-secretary', body: {}, status: 200 });
  await run({ label: 'an objection', method: 'POST', path: on('/consultation/objections'), body: { text: 'I object' }, status: 200 });
  await run({ label: 'read it', method: 'GET', path: on(''), as: 'demo-secretary', status: 200 });
  return { probes, failures };
}
