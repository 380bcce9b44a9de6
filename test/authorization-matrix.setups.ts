import { randomUUID } from 'node:crypto';
import { initiativeRecognition } from '@laurel/domain';
import { DOCUMENTS, at, awarded, register, screened, send, type World } from '../apps/api/src/initiatives/testing/initiative-fixtures';

/** What a matrix row sends: path (under /api/v1), body, the stream it would write, and the clock to send it at. */
export interface Target {
  path: string;
  body: object;
  stream?: string;
  method?: 'post' | 'put' | 'delete';
  /** Sends every attempt with the application clock at this instant (a consultation window that has ended). */
  at?: string;
}

const HOUR = 60 * 60_000;
const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const fresh = (w: World, name: string) => w.f.id(`${name}-${randomUUID().slice(0, 8)}`);
const initiative = (id: string, suffix: string, body: object = {}): Target => ({ path: `/initiatives/${id}${suffix}`, body, stream: `initiative-${id}` });
const admin = (w: World) => w.f.as('admin');

const movementBody = (w: World, id: string) => ({
  id,
  title: 'Matrix movement',
  organizerUnitId: w.provinceId,
  kind: 'regular',
  fields: ['economy'],
  startsOn: '2025-01-01',
  endsOn: '2030-12-31',
  workflowId: 'initiative-recognition',
});

async function council(w: World): Promise<string> {
  const id = fresh(w, 'matrix-council');
  await send(admin(w), '/councils', { id, name: 'Matrix council', unitId: w.provinceId, level: 'province', members: [{ userId: w.members[0], role: 'member' }, { userId: w.members[1], role: 'member' }] }, 201);
  return id;
}

async function movement(w: World, launched: boolean): Promise<string> {
  const id = fresh(w, 'matrix-movement');
  await send(admin(w), '/movements', movementBody(w, id), 201);
  if (launched) await send(admin(w), `/movements/${id}/launch`, {});
  return id;
}

let titleMovement: Promise<string> | undefined;

async function cultivating(w: World): Promise<string> {
  const id = await register(w);
  await send(w.f.as(w.officer), `/initiatives/${id}/progress-reports`, { summary: 'Piloted in 3 groups', indicators: { households: 120 } });
  return id;
}

async function nominated(w: World): Promise<string> {
  const id = await cultivating(w);
  await send(w.f.as(w.officer), `/initiatives/${id}/nomination`, { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Worth replicating', documents: DOCUMENTS });
  return id;
}

async function inReview(w: World): Promise<string> {
  const id = await screened(w);
  await send(w.f.as(w.secretary), `/initiatives/${id}/review`, {});
  return id;
}

async function recommended(w: World): Promise<string> {
  const id = await inReview(w);
  for (const member of w.members) await send(w.f.as(member), `/initiatives/${id}/review/ballots`, { choice: 'approve' });
  await send(w.f.as(w.secretary), `/initiatives/${id}/review/close`, {});
  return id;
}

async function inConsultation(w: World): Promise<string> {
  const id = await recommended(w);
  await send(w.f.as(w.secretary), `/initiatives/${id}/consultation`, { closesAt: later(HOUR) });
  return id;
}

async function published(w: World): Promise<string> {
  const id = await awarded(w, `QD-${randomUUID().slice(0, 6)}`);
  await send(w.f.as(w.secretary), `/initiatives/${id}/publication`, { channel: 'provincial gazette' });
  return id;
}

const adopter = (w: World, i: number) => {
  const found = w.adopters[i];
  if (!found) throw new Error(`the world has no adopter ${i}`);
  return found;
};

const replicate = (w: World, id: string, i: number) =>
  send(w.f.as(adopter(w, i).officer), `/initiatives/${id}/replications`, { adoptingUnitId: adopter(w, i).unitId, startedOn: '2025-09-01' });

/** One setup per kind of target; each builds a fresh one through the API. */
export const commandSetups = {
  newUnit: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-unit');
    return { path: '/units', body: { id, name: 'Matrix ward', level: 'grassroots', parentId: w.unitId }, stream: `unit-${id}` };
  },
  newUser: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-user');
    return { path: '/users', body: { id, name: 'Matrix user', email: `${id}@laurel.test`, roles: ['unit_officer'], unitId: w.unitId }, stream: `user-${id}` };
  },
  newCouncil: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-council');
    return { path: '/councils', body: { id, name: 'Matrix council', unitId: w.provinceId, level: 'province', members: [{ userId: w.members[0], role: 'member' }] }, stream: `council-${id}` };
  },
  addMember: async (w: World): Promise<Target> => {
    const id = await council(w);
    return { path: `/councils/${id}/members`, body: { userId: w.members[2], role: 'member' }, stream: `council-${id}` };
  },
  removeMember: async (w: World): Promise<Target> => {
    const id = await council(w);
    return { path: `/councils/${id}/members/${w.members[1]}`, body: {}, method: 'delete', stream: `council-${id}` };
  },
  newDefinition: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-track');
    return { path: '/workflows', body: { definition: { ...initiativeRecognition, id } }, stream: `workflow-${id}` };
  },
  newMovement: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-movement');
    return { path: '/movements', body: movementBody(w, id), stream: `movement-${id}` };
  },
  draftedMovement: async (w: World): Promise<Target> => {
    const id = await movement(w, false);
    return { path: `/movements/${id}/launch`, body: {}, stream: `movement-${id}` };
  },
  launchedMovement: async (w: World): Promise<Target> => {
    const id = await movement(w, true);
    return { path: `/movements/${id}/close`, body: {}, stream: `movement-${id}` };
  },
  launchedMovementSummary: async (w: World): Promise<Target> => {
    const id = await movement(w, true);
    return { path: `/movements/${id}/summaries`, body: { kind: 'preliminary', note: 'Mid-term' }, stream: `movement-${id}` };
  },
  newInitiative: async (w: World): Promise<Target> => {
    const id = fresh(w, 'matrix-initiative');
    return {
      path: '/initiatives',
      body: { id, movementId: w.movementId, unitId: w.unitId, title: 'Matrix initiative', summary: 'Households report by phone', field: 'economy', authors: [{ name: 'Nguyễn Văn A' }] },
      stream: `initiative-${id}`,
    };
  },
  registered: async (w: World) => initiative(await register(w), '/progress-reports', { summary: 'Piloted in 2 groups' }),
  registeredToWithdraw: async (w: World) => initiative(await register(w), '/withdrawal', { reason: 'The unit merged with a neighbour' }),
  registeredForTitle: async (w: World) => {
    titleMovement ??= w.f.movement(w.provinceId, 'annual-emulation-title');
    const id = await register({ ...w, movementId: await titleMovement });
    return initiative(id, '/self-assessment', { summary: 'All targets met', selfScore: 95 });
  },
  cultivating: async (w: World) =>
    initiative(await cultivating(w), '/nomination', { awardForm: 'certificate_of_merit', councilId: w.councilId, statement: 'Worth replicating', documents: DOCUMENTS }),
  nominated: async (w: World) => initiative(await nominated(w), '/screening', { outcome: 'accepted' }),
  returned: async (w: World) => {
    const id = await nominated(w);
    await send(w.f.as(w.secretary), `/initiatives/${id}/screening`, { outcome: 'returned', reason: 'The report is unsigned' });
    return initiative(id, '/resubmission', { statement: 'Signed now', documents: DOCUMENTS });
  },
  screened: async (w: World) => initiative(await screened(w), '/review', {}),
  inReview: async (w: World) => initiative(await inReview(w), '/review/close', {}),
  inReviewReminders: async (w: World) => initiative(await inReview(w), '/review/reminders', {}),
  inReviewConflict: async (w: World) => initiative(await inReview(w), '/review/conflicts', { reason: 'My sister leads the pilot' }),
  inReviewScores: async (w: World) => initiative(await inReview(w), '/review/scores', { scores: { novelty: 8, effectiveness: 9, scope: 7 } }),
  inReviewBallot: async (w: World) => initiative(await inReview(w), '/review/ballots', { choice: 'approve' }),
  recommended: async (w: World) => initiative(await recommended(w), '/consultation', { closesAt: later(HOUR) }),
  inConsultation: async (w: World) => initiative(await inConsultation(w), '/consultation/objections', { text: 'The pilot figures look inflated' }),
  withObjection: async (w: World) => {
    const id = await inConsultation(w);
    const { objectionId } = await send(w.f.api.anonymous, `/initiatives/${id}/consultation/objections`, { text: 'The pilot figures look inflated' });
    return initiative(id, `/consultation/objections/${objectionId}/resolution`, { outcome: 'dismissed', reason: 'Checked on site' });
  },
  consultationEnded: async (w: World): Promise<Target> => ({ ...initiative(await inConsultation(w), '/consultation/close', {}), at: later(2 * HOUR) }),
  awaitingDecision: async (w: World) => {
    const id = await inConsultation(w);
    await at(w.f.api, later(2 * HOUR), () => send(w.f.as(w.secretary), `/initiatives/${id}/consultation/close`, {}));
    return initiative(id, '/decision', { outcome: 'granted', decisionNo: `QD-${randomUUID().slice(0, 6)}`, signedBy: 'Chairman' });
  },
  awarded: async (w: World) => initiative(await awarded(w, `QD-${randomUUID().slice(0, 6)}`), '/publication', { channel: 'provincial gazette' }),
  awardedToRevoke: async (w: World) => initiative(await awarded(w, `QD-${randomUUID().slice(0, 6)}`), '/revocation', { reason: 'Forged pilot figures', legalBasis: 'Law on Emulation and Commendation 2022, art. 92' }),
  published: async (w: World) => initiative(await published(w), '/replications', { adoptingUnitId: adopter(w, 0).unitId, startedOn: '2025-09-01' }),
  replicating: async (w: World) => {
    const id = await published(w);
    const { replicationId } = await replicate(w, id, 0);
    return initiative(id, `/replications/${replicationId}/results`, { outcome: 'adopted', indicators: { households: 40 } });
  },
  eligibleForEscalation: async (w: World) => {
    const id = await published(w);
    for (const i of [0, 1, 2]) await replicate(w, id, i);
    return initiative(id, '/escalation', { councilId: w.nationalCouncilId });
  },
};
