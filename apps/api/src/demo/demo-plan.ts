import { createHash } from 'node:crypto';
import type { Actor, Choice, Role } from '@laurel/domain';

/*
 * The demo a newcomer finds on a first embedded start (README, "Walk one nomination through review
 * to award"): a province, a district and three wards; a user for every role; the district's
 * emulation and commendation council; a launched movement; and initiatives resting at different
 * stages of `initiative-recognition`. Every id is fixed, so seeding is idempotent.
 */

/** Bump when the plan changes in a way an existing demo should not be topped up with. */
export const DEMO_VERSION = 1;
export const DEMO_MARKER_STREAM = 'demo-seed';

export const DEMO_UNITS = [
  { id: 'demo-hanoi', name: 'Hà Nội', level: 'province' },
  { id: 'demo-ba-dinh', name: 'Ba Đình District', level: 'district', parentId: 'demo-hanoi' },
  { id: 'demo-phuc-xa', name: 'Phúc Xá Ward', level: 'grassroots', parentId: 'demo-ba-dinh' },
  { id: 'demo-truc-bach', name: 'Trúc Bạch Ward', level: 'grassroots', parentId: 'demo-ba-dinh' },
  { id: 'demo-kim-ma', name: 'Kim Mã Ward', level: 'grassroots', parentId: 'demo-ba-dinh' },
] as const;

export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  unitId: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'demo-officer', name: 'Nguyễn Thị Lan (Phúc Xá ward officer)', roles: ['unit_officer'], unitId: 'demo-phuc-xa' },
  { id: 'demo-officer-2', name: 'Trần Văn Minh (Trúc Bạch ward officer)', roles: ['unit_officer'], unitId: 'demo-truc-bach' },
  { id: 'demo-secretary', name: 'Lê Thu Hà (council secretary)', roles: ['secretary'], unitId: 'demo-ba-dinh' },
  { id: 'demo-member-1', name: 'Phạm Quốc Hùng (council chair)', roles: ['council_member'], unitId: 'demo-ba-dinh' },
  { id: 'demo-member-2', name: 'Hoàng Mai Anh (council vice-chair)', roles: ['council_member'], unitId: 'demo-ba-dinh' },
  { id: 'demo-member-3', name: 'Vũ Đức Thắng (council member)', roles: ['council_member'], unitId: 'demo-ba-dinh' },
  { id: 'demo-authority', name: 'Đỗ Thanh Sơn (district chairman)', roles: ['decision_authority'], unitId: 'demo-ba-dinh' },
  { id: 'demo-auditor', name: 'Bùi Thị Hương (inspector)', roles: ['auditor'], unitId: 'demo-hanoi' },
];

export const demoActor = (userId: string): Actor => {
  const user = DEMO_USERS.find((u) => u.id === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return { userId: user.id, roles: user.roles, unitId: user.unitId };
};

/** The members who vote, in the order they do. */
export const DEMO_VOTERS = ['demo-member-1', 'demo-member-2', 'demo-member-3'] as const;

export const DEMO_COUNCIL = {
  id: 'demo-council',
  name: 'Ba Đình District Emulation and Commendation Council',
  unitId: 'demo-ba-dinh',
  level: 'district',
  members: [
    { userId: 'demo-member-1', role: 'chair' as const },
    { userId: 'demo-member-2', role: 'vice_chair' as const },
    { userId: 'demo-member-3', role: 'member' as const },
    { userId: 'demo-secretary', role: 'secretary' as const },
  ],
};

export const DEMO_MOVEMENT = {
  id: 'demo-movement',
  title: 'Creative Labour and Innovation in Ba Đình',
  organizerUnitId: 'demo-ba-dinh',
  kind: 'regular' as const,
  fields: ['administrative-reform', 'environment', 'education', 'health'],
  workflowId: 'initiative-recognition',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The dossier `initiative-recognition` requires (its `requiredDocuments`). */
export const demoDocuments = (initiativeId: string) => [
  { name: 'request_letter', sha256: sha256(`${initiativeId}: request letter`), url: `https://example.org/demo/${initiativeId}/request-letter.pdf` },
  { name: 'achievement_report', sha256: sha256(`${initiativeId}: achievement report`) },
];

/** Where each demo initiative rests, in the order of the track. */
export const DEMO_STAGES = ['registered', 'cultivating', 'nominated', 'in_review', 'consultation', 'awarded', 'published'] as const;
export type DemoStage = (typeof DEMO_STAGES)[number];

export interface DemoInitiative {
  id: string;
  officer: string;
  unitId: string;
  title: string;
  summary: string;
  field: string;
  authors: { name: string }[];
  stage: DemoStage;
  /** Ballots: one per voter, in DEMO_VOTERS order; in_review casts only some of them. */
  ballots: Choice[];
}

export const DEMO_INITIATIVES: readonly DemoInitiative[] = [
  {
    id: 'demo-initiative-1',
    officer: 'demo-officer',
    unitId: 'demo-phuc-xa',
    title: 'Queue numbers by text message at the ward office',
    summary: 'Residents take a queue number by SMS and are called back when their turn comes.',
    field: 'administrative-reform',
    authors: [{ name: 'Nguyễn Văn Bình' }],
    stage: 'registered',
    ballots: [],
  },
  {
    id: 'demo-initiative-2',
    officer: 'demo-officer-2',
    unitId: 'demo-truc-bach',
    title: 'Neighbourhood recycling exchange',
    summary: 'Households trade sorted recyclables for plants and school supplies every second Sunday.',
    field: 'environment',
    authors: [{ name: 'Trần Thị Thu' }, { name: 'Lý Văn Hải' }],
    stage: 'cultivating',
    ballots: [],
  },
  {
    id: 'demo-initiative-3',
    officer: 'demo-officer',
    unitId: 'demo-phuc-xa',
    title: 'Evening reading corner at the cultural house',
    summary: 'Volunteers keep the cultural house open for children to read and do homework after school.',
    field: 'education',
    authors: [{ name: 'Đặng Thị Ngọc' }],
    stage: 'nominated',
    ballots: [],
  },
  {
    id: 'demo-initiative-4',
    officer: 'demo-officer-2',
    unitId: 'demo-truc-bach',
    title: 'Lake-side first-aid volunteers',
    summary: 'Trained residents keep first-aid kits along Trúc Bạch lake and answer calls within five minutes.',
    field: 'health',
    authors: [{ name: 'Phan Minh Tuấn' }],
    stage: 'in_review',
    ballots: ['approve', 'approve'],
  },
  {
    id: 'demo-initiative-5',
    officer: 'demo-officer',
    unitId: 'demo-phuc-xa',
    title: 'One-stop online forms for household registration',
    summary: 'Forms are filled in online and checked before the visit, so one visit is enough.',
    field: 'administrative-reform',
    authors: [{ name: 'Ngô Thị Hạnh' }],
    stage: 'consultation',
    ballots: ['approve', 'approve', 'abstain'],
  },
  {
    id: 'demo-initiative-6',
    officer: 'demo-officer-2',
    unitId: 'demo-truc-bach',
    title: 'Solar lamps for the alleys',
    summary: 'Solar street lamps, funded by residents and maintained by the youth union, light 14 alleys.',
    field: 'environment',
    authors: [{ name: 'Võ Thành Long' }],
    stage: 'awarded',
    ballots: ['approve', 'approve', 'approve'],
  },
  {
    id: 'demo-initiative-7',
    officer: 'demo-officer',
    unitId: 'demo-phuc-xa',
    title: 'Paperless meeting minutes for residential groups',
    summary: 'Group leaders record minutes on a shared tablet; residents read them the same evening.',
    field: 'administrative-reform',
    authors: [{ name: 'Lê Quang Vinh' }, { name: 'Nguyễn Thị Mai' }],
    stage: 'published',
    ballots: ['approve', 'approve', 'reject'],
  },
];

export const DEMO_SCORES: Record<string, Record<string, number>> = {
  'demo-member-1': { novelty: 8, effectiveness: 9, scope: 7 },
  'demo-member-2': { novelty: 7, effectiveness: 8, scope: 8 },
  'demo-member-3': { novelty: 6, effectiveness: 7, scope: 6 },
};

/** True when an initiative meant to rest at `stage` goes through `step`. */
export const reaches = (initiative: DemoInitiative, step: DemoStage): boolean => DEMO_STAGES.indexOf(initiative.stage) >= DEMO_STAGES.indexOf(step);
