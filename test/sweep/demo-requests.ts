import type { Route } from './routes';

/*
 * What a valid request looks like on the seeded demo (SEED_DEMO=true): a body per command route, the
 * demo initiative whose stage allows each initiative command and who may send it, and the ids to
 * put in paths. The sweep (test/no-server-errors.e2e-spec.ts) varies one thing at a time from here.
 */

const sha = (c: string) => c.repeat(64);
const DOCUMENTS = [
  { name: 'request_letter', sha256: sha('a'), url: 'https://example.org/letter.pdf' },
  { name: 'achievement_report', sha256: sha('b') },
];
const DEFINITION = {
  id: 'nse-track',
  title: 'Probe track',
  start: { command: 'register', to: 'registered', roles: ['unit_officer'] },
  stages: [
    { id: 'registered', kind: 'active', label: 'Registered', transitions: [{ command: 'withdraw', to: 'withdrawn', roles: ['unit_officer'] }] },
    { id: 'withdrawn', kind: 'final', label: 'Withdrawn' },
  ],
  parameters: {},
};

/** A valid body per route, so a wrong value in one field is the only thing wrong. */
export const VALID_BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/dev-token': { userId: 'demo-officer' },
  'POST /api/v1/units': { name: 'Probe unit', level: 'grassroots', parentId: 'demo-ba-dinh' },
  'POST /api/v1/users': { name: 'Probe user', email: 'probe@example.org', roles: ['auditor'], unitId: 'demo-hanoi' },
  'POST /api/v1/councils': { name: 'Probe council', unitId: 'demo-hanoi', level: 'province', members: [{ userId: 'demo-member-1', role: 'chair' }], rules: { note: 'n', quorum: '2/3', approval: '1/2', secretBallot: false } },
  'POST /api/v1/councils/:id/members': { userId: 'demo-auditor', role: 'member' },
  'POST /api/v1/workflows': { definition: DEFINITION },
  'POST /api/v1/movements': { title: 'Probe movement', organizerUnitId: 'demo-ba-dinh', kind: 'thematic', fields: ['health'], startsOn: '2030-01-01', endsOn: '2030-12-31', workflowId: 'initiative-recognition' },
  'POST /api/v1/movements/:id/summaries': { kind: 'preliminary', note: 'Half-way' },
  'POST /api/v1/initiatives': { movementId: 'demo-movement', unitId: 'demo-phuc-xa', title: 'Probe', summary: 'Probe summary', field: 'health', authors: [{ name: 'A', userId: 'demo-officer' }] },
  'POST /api/v1/initiatives/:id/progress-reports': { summary: 'Progress', indicators: { a: 1, nested: { b: [1, 2] } } },
  'POST /api/v1/initiatives/:id/self-assessment': { summary: 'Self', selfScore: 7 },
  'POST /api/v1/initiatives/:id/withdrawal': { reason: 'Because' },
  'POST /api/v1/initiatives/:id/nomination': { awardForm: 'certificate_of_merit', councilId: 'demo-council', statement: 'S', documents: DOCUMENTS },
  'POST /api/v1/initiatives/:id/screening': { outcome: 'returned', reason: 'Missing pages' },
  'POST /api/v1/initiatives/:id/resubmission': { statement: 'Again', documents: DOCUMENTS },
  'POST /api/v1/initiatives/:id/review': { deadline: '2031-01-01T00:00:00Z', panel: ['demo-member-1', 'demo-member-2'] },
  'POST /api/v1/initiatives/:id/review/conflicts': { reason: 'My cousin' },
  'POST /api/v1/initiatives/:id/review/scores': { scores: { novelty: 5, effectiveness: 5, scope: 5 }, comment: 'Fine' },
  'POST /api/v1/initiatives/:id/review/ballots': { choice: 'abstain' },
  'POST /api/v1/initiatives/:id/consultation': { closesAt: '2031-01-01T00:00:00Z' },
  'POST /api/v1/initiatives/:id/consultation/objections': { text: 'I object', contact: 'me@example.org' },
  'POST /api/v1/initiatives/:id/consultation/objections/:objectionId/resolution': { outcome: 'dismissed', reason: 'Unfounded' },
  'POST /api/v1/initiatives/:id/decision': { outcome: 'granted', awardForm: 'certificate_of_merit', decisionNo: '1/QĐ', decidedOn: '2030-01-02', signedBy: 'Chair', reason: 'Good' },
  'POST /api/v1/initiatives/:id/publication': { channel: 'Portal', url: 'https://example.org/p' },
  'POST /api/v1/initiatives/:id/revocation': { reason: 'Plagiarism', legalBasis: 'Art. 1' },
  'POST /api/v1/initiatives/:id/replications': { adoptingUnitId: 'demo-kim-ma', startedOn: '2030-02-01', note: 'Adopted' },
  'POST /api/v1/initiatives/:id/replications/:replicationId/results': { outcome: 'Worked', indicators: { x: 1 } },
  'POST /api/v1/initiatives/:id/escalation': { councilId: 'demo-council' },
  'PUT /api/v1/me/notification-preferences': { locale: 'en', channels: { in_app: true, email: false, webhook: false }, webhookUrl: 'https://example.org/hook', webhookSecret: 'sixteen-chars-or-more' },
};

/** Which demo initiative a command is sent to (where its stage allows it, when the demo has one), and by whom. */
const INITIATIVE_TARGETS: Record<string, { id: string; actor: string }> = {
  'progress-reports': { id: 'demo-initiative-1', actor: 'demo-officer' },
  'self-assessment': { id: 'demo-initiative-1', actor: 'demo-officer' },
  nomination: { id: 'demo-initiative-2', actor: 'demo-officer-2' },
  screening: { id: 'demo-initiative-3', actor: 'demo-secretary' },
  resubmission: { id: 'demo-initiative-3', actor: 'demo-officer' },
  review: { id: 'demo-initiative-3', actor: 'demo-secretary' },
  'review/conflicts': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/scores': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/ballots': { id: 'demo-initiative-4', actor: 'demo-member-3' },
  'review/close': { id: 'demo-initiative-4', actor: 'demo-secretary' },
  consultation: { id: 'demo-initiative-5', actor: 'demo-secretary' },
  'consultation/objections': { id: 'demo-initiative-5', actor: 'demo-auditor' },
  'consultation/objections/:objectionId/resolution': { id: 'demo-initiative-5', actor: 'demo-secretary' },
  'consultation/close': { id: 'demo-initiative-5', actor: 'demo-secretary' },
  decision: { id: 'demo-initiative-6', actor: 'demo-authority' },
  publication: { id: 'demo-initiative-6', actor: 'demo-secretary' },
  revocation: { id: 'demo-initiative-7', actor: 'demo-authority' },
  replications: { id: 'demo-initiative-7', actor: 'demo-officer' },
  'replications/:replicationId/results': { id: 'demo-initiative-7', actor: 'demo-officer' },
  escalation: { id: 'demo-initiative-7', actor: 'demo-officer' },
  withdrawal: { id: 'demo-initiative-2', actor: 'demo-officer-2' },
};

export const routeKey = (route: Route) => `${route.method} ${route.path}`;

const initiativeTarget = (route: Route) => INITIATIVE_TARGETS[route.path.replace(/^\/api\/v1\/initiatives\/:id\/?/, '')];

/** The route's path with ids of the demo; `ids` holds those only a command hands out (objectionId, …). */
export function demoPath(route: Route, ids: Record<string, string>, override: Record<string, string> = {}): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    if (override[name] !== undefined) return override[name];
    if (name === 'id') {
      if (route.path.startsWith('/api/v1/initiatives')) return initiativeTarget(route)?.id ?? 'demo-initiative-4';
      if (route.path.startsWith('/api/v1/councils')) return 'demo-council';
      if (route.path.startsWith('/api/v1/movements')) return 'demo-movement';
      if (route.path.startsWith('/api/v1/workflows')) return 'initiative-recognition';
      return '1';
    }
    if (name === 'version') return '1';
    if (name === 'userId') return 'demo-member-3';
    return ids[name] ?? 'nope';
  });
}

/** Who sends the probes that should get past authentication and authorisation. */
export function demoActor(route: Route): string {
  if (route.path.startsWith('/api/v1/initiatives/:id')) return initiativeTarget(route)?.actor ?? 'nse-everything';
  if (route.path === '/api/v1/initiatives' && route.method === 'POST') return 'demo-officer';
  if (route.roles?.length) return route.roles.includes('administrator') ? 'admin' : 'nse-everything';
  return 'nse-everything';
}

/** Users the probes act as (the demo's and two the sweep registers: no role, every role). */
export const PROBE_USERS = ['admin', 'nse-nobody', 'nse-everything', 'demo-officer', 'demo-officer-2', 'demo-secretary', 'demo-member-3', 'demo-authority', 'demo-auditor'];
