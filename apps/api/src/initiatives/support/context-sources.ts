import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { councilDecider, movementDecider, unitDecider, type CouncilState, type Initiative, type MovementState, type UnitTree } from '@laurel/domain';
import { CommandRunner, UserDirectory, streams, type StreamReader } from '@laurel/application';

const DEFAULT_LEVELS = ['national', 'province', 'district', 'grassroots'] as const;

const list = (raw: string | undefined): string[] =>
  (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

/**
 * Configuration the engine reads: the levels (highest first; `LAUREL_LEVELS`, default
 * national,province,district,grassroots — since 2025 a deployment may configure province,commune)
 * and the public holidays for working-day periods (`LAUREL_HOLIDAYS`, YYYY-MM-DD, default none).
 */
@Injectable()
export class WorkflowSettings {
  readonly levels: readonly string[];
  readonly holidays: readonly string[];

  constructor(config: ConfigService) {
    const levels = list(config.get<string>('LAUREL_LEVELS'));
    this.levels = Object.freeze(levels.length > 0 ? levels : [...DEFAULT_LEVELS]);
    this.holidays = Object.freeze(list(config.get<string>('LAUREL_HOLIDAYS')).filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day)));
  }
}

export interface Standing {
  underDiscipline: boolean;
  underInvestigation: boolean;
}

/**
 * The nominee's discipline and investigation record, for the guard `nomineeInGoodStanding`.
 *
 * INTEGRATION POINT: Laurel has no source for these records yet, so every nominee is reported in
 * good standing. When the personnel / inspection system is connected, answer from it here (the
 * initiative's unit and its authors are the nominees); the guard fails closed on `true`.
 */
@Injectable()
export class NomineeStanding {
  async of(_initiative: Initiative): Promise<Standing> {
    return { underDiscipline: false, underInvestigation: false };
  }
}

/**
 * The reference data an initiative command may need, read from its streams and the user directory.
 * Each method takes the reader of the decision under way (the runner's cache, checked by the
 * append: `RunCommand.context`); without one (a query) the streams are read up to date.
 */
@Injectable()
export class ReferenceSources {
  constructor(
    private readonly runner: CommandRunner,
    private readonly users: UserDirectory,
  ) {}

  async council(councilId: string | undefined, read: StreamReader = this.runner.read): Promise<CouncilState> {
    if (councilId === undefined) return councilDecider.initialState();
    return (await read(streams.council(councilId), councilDecider)).state;
  }

  async movement(movementId: string, read: StreamReader = this.runner.read): Promise<MovementState> {
    return (await read(streams.movement(movementId), movementDecider)).state;
  }

  /** The given units and every unit above them (unit streams), for the authority scope rules. */
  async unitTree(unitIds: readonly (string | undefined)[], read: StreamReader = this.runner.read): Promise<UnitTree> {
    const tree: Record<string, { level: string; parentId?: string }> = {};
    // Walks up level by level; a tree is a few levels deep, and a loop stops at a unit already read.
    let pending = [...new Set(unitIds.filter((id): id is string => id !== undefined))];
    while (pending.length > 0) {
      const units = await Promise.all(pending.map(async (id) => [id, (await read(streams.unit(id), unitDecider)).state] as const));
      const next: string[] = [];
      for (const [id, unit] of units) {
        if (unit.status !== 'registered') continue;
        tree[id] = unit.parentId === undefined ? { level: unit.level } : { level: unit.level, parentId: unit.parentId };
        if (unit.parentId !== undefined && tree[unit.parentId] === undefined && !pending.includes(unit.parentId)) next.push(unit.parentId);
      }
      pending = [...new Set(next)];
    }
    return tree;
  }

  /**
   * What every command on an initiative is scoped by (domain authority.ts): the assigned council,
   * the council of the award a revocation would revoke, and the units above the nominating unit and
   * those councils' units.
   */
  async scope(state: Initiative, read: StreamReader = this.runner.read): Promise<{ assignedCouncil: CouncilState; awardCouncil?: CouncilState; units: UnitTree }> {
    const assignedCouncil = await this.council(state.councilId, read);
    const award = [...state.recognitions].reverse().find((r) => !r.revoked);
    const awardCouncil = award?.councilId !== undefined && award.councilId !== state.councilId ? await this.council(award.councilId, read) : undefined;
    const councilUnit = (c: CouncilState | undefined) => (c?.status === 'active' ? c.unitId : undefined);
    const units = await this.unitTree([state.unitId, councilUnit(assignedCouncil), councilUnit(awardCouncil)], read);
    return awardCouncil ? { assignedCouncil, awardCouncil, units } : { assignedCouncil, units };
  }

  /** Member → unit, from the user directory: the basis of automatic recusal at openReview. */
  async memberUnits(council: CouncilState): Promise<Record<string, string>> {
    if (council.status !== 'active') return {};
    const entries = await Promise.all(
      council.members.map(async (m) => [m.userId, (await this.users.find(m.userId))?.unitId] as const),
    );
    return Object.fromEntries(entries.filter((e): e is readonly [string, string] => e[1] !== undefined));
  }
}
