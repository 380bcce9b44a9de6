import {
  SHIPPED_DEFINITIONS,
  councilDecider,
  movementDecider,
  unitDecider,
  userDecider,
  workflowDefinitionDecider,
  type Actor,
  type CouncilState,
  type DomainEvent,
  type MovementState,
  type WorkflowDefinition,
} from '@laurel/domain';
import type { World } from './lifecycle';

/** Default tiers, highest first; the articles speak of three (city, district, grassroots) below the national one. */
export const LEVELS = ['national', 'province', 'district', 'grassroots'] as const;
export const FIELDS = { economy: 35, culture_society: 30, security_defence: 15, political_system: 20 } as const;
export const TRACKS = { 'initiative-recognition': 75, 'annual-emulation-title': 12, 'ad-hoc-commendation': 13 } as const;

export interface StreamWrite {
  stream: string;
  events: DomainEvent[];
  actor: Actor;
  at: string;
}

export interface ReferenceData {
  world: World;
  writes: StreamWrite[];
  unitsByLevel: Record<string, string[]>;
  /** Launched movements by year and track. */
  movements: Extract<MovementState, { status: 'launched' }>[];
  /** Movement streams to close once their initiatives are written. */
  closings: StreamWrite[];
}

const admin: Actor = { userId: 'admin', roles: ['administrator'] };

/**
 * Units (a national body, a city, its districts and their grassroots front committees), users,
 * one council per level, the shipped definitions and movements over `years` — decided with the
 * domain's deciders like every other write.
 */
export function referenceData(firstYear: number, years: number, districts = 30, grassrootsPerDistrict = 20, movementPrefix = ''): ReferenceData {
  const writes: StreamWrite[] = [];
  const at = `${firstYear - 1}-12-01T08:00:00.000Z`;
  const write = (stream: string, events: DomainEvent[]) => writes.push({ stream, events, actor: admin, at });
  const context = { now: at, actor: admin };

  const definitions: Record<string, WorkflowDefinition> = {};
  for (const draft of SHIPPED_DEFINITIONS) {
    const events = workflowDefinitionDecider.decide({ type: 'publishDefinition', data: { definition: draft } }, workflowDefinitionDecider.initialState(), context);
    definitions[draft.id] = events[0].data.definition;
    write(`workflow-${draft.id}`, events);
  }

  const unitsByLevel: Record<string, string[]> = { national: ['vn'], province: ['hanoi'], district: [], grassroots: [] };
  const unit = (unitId: string, name: string, level: string, parentId?: string) =>
    write(`unit-${unitId}`, unitDecider.decide({ type: 'registerUnit', data: { unitId, name, level, parentId } }, unitDecider.initialState(), context));
  unit('vn', 'Central Emulation and Commendation Council', 'national');
  unit('hanoi', 'Hà Nội', 'province', 'vn');
  for (let d = 1; d <= districts; d++) {
    const district = `hanoi-d${d}`;
    unitsByLevel.district.push(district);
    unit(district, `District ${d}`, 'district', 'hanoi');
    for (let g = 1; g <= grassrootsPerDistrict; g++) {
      const grassroots = `${district}-g${g}`;
      unitsByLevel.grassroots.push(grassroots);
      unit(grassroots, `Residential group ${g}, district ${d}`, 'grassroots', district);
    }
  }

  const user = (userId: string, roles: string[], unitId: string) =>
    write(`user-${userId}`, userDecider.decide({ type: 'registerUser', data: { userId, name: userId, email: `${userId}@laurel.example`, roles, unitId } }, userDecider.initialState(), context));
  // Every unit has its officer, its emulation board secretary and its deciding authority: each acts only for its own unit.
  for (const unitId of Object.values(unitsByLevel).flat()) {
    user(`officer-${unitId}`, ['unit_officer'], unitId);
    user(`secretary-${unitId}`, ['secretary'], unitId);
    user(`authority-${unitId}`, ['decision_authority'], unitId);
  }
  user('auditor', ['auditor'], 'hanoi');

  const councils: Record<string, CouncilState> = {};
  const memberUnits: Record<string, string> = {};
  for (const level of LEVELS) {
    const unitId = unitsByLevel[level][0];
    const members = Array.from({ length: 5 }, (_, i) => ({ userId: `m-${level}-${i + 1}`, role: i === 0 ? ('chair' as const) : ('member' as const) }));
    for (const [i, m] of members.entries()) {
      // One member per council sits in a grassroots unit: now and then the nominating one, and is recused.
      memberUnits[m.userId] = i === 4 ? unitsByLevel.grassroots[LEVELS.indexOf(level)] : `${unitId}-council-office`;
      user(m.userId, ['council_member'], memberUnits[m.userId]);
    }
    const seats = [...members, { userId: `secretary-${unitId}`, role: 'secretary' as const }];
    const events = councilDecider.decide({ type: 'createCouncil', data: { councilId: `council-${level}`, name: `Evaluation council (${level})`, unitId, level, members: seats } }, councilDecider.initialState(), context);
    councils[level] = events.reduce(councilDecider.evolve, councilDecider.initialState());
    write(`council-council-${level}`, events);
  }

  const movements: ReferenceData['movements'] = [];
  const closings: StreamWrite[] = [];
  const titles: Record<string, [string, 'regular' | 'thematic']> = {
    'initiative-recognition': ['Skillful Mass Mobilization', 'regular'],
    'annual-emulation-title': ['Annual emulation titles', 'regular'],
    'ad-hoc-commendation': ['Ad hoc commendations', 'thematic'],
  };
  for (let year = firstYear; year < firstYear + years; year++) {
    for (const [workflowId, [title, kind]] of Object.entries(titles)) {
      const movementId = `${movementPrefix}${workflowId}-${year}`;
      const data = { movementId, title: `${title} ${year}`, organizerUnitId: 'hanoi', kind, fields: Object.keys(FIELDS), startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, workflowId };
      let state = movementDecider.initialState();
      const events: DomainEvent[] = [];
      for (const command of [{ type: 'draftMovement' as const, data }, { type: 'launchMovement' as const, data: {} as Record<string, never> }]) {
        for (const e of movementDecider.decide(command, state, context)) {
          events.push(e);
          state = movementDecider.evolve(state, e);
        }
      }
      write(`movement-${movementId}`, events);
      if (state.status === 'launched') movements.push(state);
      const closedAt = { now: `${year + 1}-06-30T08:00:00.000Z`, actor: admin };
      if (year < firstYear + years - 1) closings.push({ stream: `movement-${movementId}`, events: movementDecider.decide({ type: 'closeMovement', data: {} }, state, closedAt), actor: admin, at: closedAt.now });
    }
  }
  const units = Object.fromEntries(
    writes.filter((w) => w.stream.startsWith('unit-')).map((w) => {
      const d = w.events[0].data as { unitId: string; level: string; parentId?: string };
      return [d.unitId, d.parentId === undefined ? { level: d.level } : { level: d.level, parentId: d.parentId }];
    }),
  );
  return { world: { definitions, councils, units, memberUnits, levels: LEVELS, adopters: [...unitsByLevel.grassroots, ...unitsByLevel.district] }, writes, unitsByLevel, movements, closings };
}
