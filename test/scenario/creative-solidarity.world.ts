import type { Role } from '@laurel/domain';

/*
 * The people and organisations of the source articles' case: the Hanoi Fatherland Front's
 * "Creative Solidarity" movement. Hanoi is a province-level city; its districts and their wards and
 * communes (grassroots) send applications to the city's evaluation council. Ids carry a run tag so
 * the scenario shares a database with other suites without colliding.
 */

/** The field ids the movement runs (the domain's default four fields). */
export const FIELDS = ['economy', 'culture_society', 'security_defence', 'political_system'] as const;
export type Field = (typeof FIELDS)[number];

export type Level = 'national' | 'province' | 'district' | 'grassroots';

export interface UnitPlan {
  id: string;
  name: string;
  level: Level;
  parentId?: string;
  /** The unit officer who registers, nominates and reports replication for it. */
  officer: string;
}

export interface UserPlan {
  id: string;
  name: string;
  roles: Role[];
  unitId: string;
}

export interface World {
  tag: string;
  national: UnitPlan;
  city: UnitPlan;
  /** Units that send applications, at three levels: province, district, grassroots. */
  nominating: UnitPlan[];
  grassroots: UnitPlan[];
  units: UnitPlan[];
  users: UserPlan[];
  boardAdmin: string;
  secretary: string;
  authority: string;
  auditor: string;
  worker: string;
  citizen: string;
  /** The nine members of the city's evaluation council; the chair first. */
  members: string[];
  /** The member who is also a ward officer's colleague: recused from that ward's dossiers. */
  recusedMember: string;
  recusedUnit: UnitPlan;
  /** The member who declares a conflict of interest on a few dossiers. */
  conflictMember: string;
  nationalMembers: string[];
  councilId: string;
  nationalCouncilId: string;
  mainMovementId: string;
  secretMovementId: string;
  secretDefinitionId: string;
}

const DISTRICTS: [string, string, [string, string][]][] = [
  ['long-bien', 'Long Biên district', [['phuc-dong', 'Phúc Đồng ward'], ['bo-de', 'Bồ Đề ward']]],
  ['hoan-kiem', 'Hoàn Kiếm district', [['hang-bac', 'Hàng Bạc ward'], ['trang-tien', 'Tràng Tiền ward']]],
  ['ba-dinh', 'Ba Đình district', [['kim-ma', 'Kim Mã ward'], ['doi-can', 'Đội Cấn ward']]],
  ['dong-anh', 'Đông Anh district', [['van-noi', 'Vân Nội commune'], ['uy-no', 'Uy Nỗ commune']]],
  ['soc-son', 'Sóc Sơn district', [['phu-linh', 'Phù Linh commune'], ['minh-tri', 'Minh Trí commune']]],
  ['thanh-tri', 'Thanh Trì district', [['tam-hiep', 'Tam Hiệp commune'], ['ngu-hiep', 'Ngũ Hiệp commune']]],
];

const CITY_ORGANISATIONS: [string, string][] = [
  ['womens-union', "Hanoi Women's Union"],
  ['farmers-association', "Hanoi Farmers' Association"],
  ['veterans-association', 'Hanoi Veterans Association'],
];

const MEMBER_NAMES = [
  'Nguyễn Lan Hương',
  'Trần Văn Minh',
  'Lê Thị Thu',
  'Phạm Quốc Khánh',
  'Hoàng Thị Mai',
  'Vũ Đức Thắng',
  'Đặng Thị Hạnh',
  'Bùi Văn Long',
  'Ngô Thị Hoa',
];

export function buildWorld(tag: string): World {
  const id = (name: string) => `${name}-${tag}`;
  const unit = (name: string, label: string, level: Level, parentId?: string): UnitPlan => ({
    id: id(name),
    name: label,
    level,
    ...(parentId ? { parentId } : {}),
    officer: id(`officer-${name}`),
  });
  const national = unit('vff-central', 'Central Committee of the Vietnam Fatherland Front', 'national');
  const city = unit('hanoi-vff', 'Hanoi Fatherland Front Committee', 'province', national.id);
  const organisations = CITY_ORGANISATIONS.map(([name, label]) => unit(name, label, 'province', city.id));
  const districts = DISTRICTS.map(([name, label]) => unit(name, label, 'district', city.id));
  const grassroots = DISTRICTS.flatMap(([, , wards], i) => wards.map(([name, label]) => unit(name, label, 'grassroots', districts[i].id)));
  const nominating = [...organisations, ...districts, ...grassroots];
  const recusedUnit = grassroots[0];

  const user = (name: string, label: string, roles: Role[], unitId: string): UserPlan => ({ id: id(name), name: label, roles, unitId });
  const members = MEMBER_NAMES.map((label, i) => user(`member-${i + 1}`, label, ['council_member'], i === 8 ? recusedUnit.id : city.id));
  const nationalMembers = [1, 2, 3, 4, 5].map((i) => user(`national-member-${i}`, `Central council member ${i}`, ['council_member'], national.id));
  const staff = {
    boardAdmin: user('board-admin', 'Emulation board administrator', ['administrator'], city.id),
    secretary: user('secretary', 'Council secretary (emulation board)', ['secretary'], city.id),
    authority: user('chairman', 'Chairman of the Hanoi Fatherland Front Committee', ['decision_authority'], city.id),
    auditor: user('auditor', 'Inspection committee auditor', ['auditor'], city.id),
    worker: user('deadline-worker', 'Background worker', ['worker'], city.id),
    citizen: user('citizen', 'Resident of Bồ Đề ward', ['public'], grassroots[1].id),
  };
  const officers = nominating.map((u) => ({ id: u.officer, name: `Officer of ${u.name}`, roles: ['unit_officer'] as Role[], unitId: u.id }));

  return {
    tag,
    national,
    city,
    nominating,
    grassroots,
    units: [national, city, ...organisations, ...districts, ...grassroots],
    users: [...Object.values(staff), ...officers, ...members, ...nationalMembers],
    boardAdmin: staff.boardAdmin.id,
    secretary: staff.secretary.id,
    authority: staff.authority.id,
    auditor: staff.auditor.id,
    worker: staff.worker.id,
    citizen: staff.citizen.id,
    members: members.map((m) => m.id),
    recusedMember: members[8].id,
    recusedUnit,
    conflictMember: members[4].id,
    nationalMembers: nationalMembers.map((m) => m.id),
    councilId: id('creative-solidarity-council'),
    nationalCouncilId: id('central-council'),
    mainMovementId: id('creative-solidarity'),
    secretMovementId: id('creative-solidarity-outstanding'),
    secretDefinitionId: `initiative-recognition-secret-${tag}`,
  };
}
