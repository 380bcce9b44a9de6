import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DomainErrorCode, currentConsultation, initiativeDecider, isDomainError, type Actor } from '@laurel/domain';
import { BootstrapService, Clock, CommandRunner, SYSTEM_ACTOR, streams, type RequestMeta } from '@laurel/application';
import { EVENT_STORE, WrongExpectedVersion, type EventStore } from '@laurel/event-store';
import { LaurelConfig } from '@laurel/infra';
import { CastBallotCommand, CloseReviewCommand } from '../initiatives/ballots';
import { CloseConsultationCommand, OpenConsultationCommand } from '../initiatives/consultation';
import { PublishCommand, RecordDecisionCommand } from '../initiatives/decision';
import { NominateCommand, ScreenCommand } from '../initiatives/dossier';
import { RegisterInitiativeCommand, ReportProgressCommand } from '../initiatives/registration';
import { OpenReviewCommand, SubmitScoresCommand } from '../initiatives/review';
import { CreateCouncilCommand } from '../reference/councils/create-council';
import { DraftMovementCommand } from '../reference/movements/draft-movement';
import { LaunchMovementCommand } from '../reference/movements/launch-movement';
import { RegisterUnitCommand } from '../reference/units/register-unit';
import { RegisterUserCommand } from '../reference/users/register-user';
import {
  DEMO_COUNCIL,
  DEMO_INITIATIVES,
  DEMO_MARKER_STREAM,
  DEMO_MOVEMENT,
  DEMO_SCORES,
  DEMO_UNITS,
  DEMO_USERS,
  DEMO_VERSION,
  DEMO_VOTERS,
  demoActor,
  demoDocuments,
  reaches,
  type DemoInitiative,
} from './demo-plan';

/** How long the demo's own consultations stay open before the seeder closes them. */
const DEMO_CONSULTATION_MS = 1_500;
/** The seeder gives up waiting for a consultation window past this (e.g. a clock that stands still). */
const MAX_WAIT_MS = 30_000;

/**
 * Seeds the demo (demo-plan.ts) on application bootstrap when SEED_DEMO=true and the marker stream
 * `demo-seed` does not exist yet; the embedded launcher turns SEED_DEMO on.
 *
 * Every change is an application command on the CommandBus — the same handlers, context and
 * CommandRunner as the HTTP API, acting as the demo user a person would act as — never a raw event.
 * Idempotent across restarts and processes: every step has a fixed Idempotency-Key
 * (`demo-seed:<step>`), so its event ids are fixed too (a racing twin appends nothing new), and a
 * step whose key is already in its stream is skipped; a creation refused as ALREADY_EXISTS is taken
 * as done. The marker is appended last, expecting no stream, so a start after a complete seed reads
 * one stream and writes nothing; a start after an interrupted one finishes it.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly config: LaurelConfig,
    private readonly bootstrap: BootstrapService,
    private readonly commands: CommandBus,
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SEED_DEMO) return;
    try {
      const outcome = await this.seed();
      if (outcome === 'seeded') this.logger.log(`demo seeded: sign in with POST /api/v1/auth/dev-token {"userId":"demo-officer"} (README)`);
    } catch (error) {
      // The demo is a convenience: a failure is reported, never a reason not to start.
      this.logger.error({ err: error }, `demo seeding failed; it is retried on the next start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Seeds what is missing; `present` when the marker says a seed already completed. */
  async seed(): Promise<'seeded' | 'present'> {
    if ((await this.store.readStream(DEMO_MARKER_STREAM, { maxCount: 1 })).length > 0) return 'present';
    await this.bootstrap.ready();
    const correlationId = randomUUID();
    const as = (actor: Actor, key: string): RequestMeta => ({ actor, correlationId, idempotencyKey: `demo-seed:${key}` });
    const system = (key: string) => as(SYSTEM_ACTOR, key);

    for (const unit of DEMO_UNITS) {
      await this.step(streams.unit(unit.id), system(`unit:${unit.id}`), (meta) => this.commands.execute(new RegisterUnitCommand({ ...unit }, meta)));
    }
    for (const user of DEMO_USERS) {
      const body = { id: user.id, name: user.name, email: `${user.id}@demo.laurel.local`, roles: [...user.roles], unitId: user.unitId };
      await this.step(streams.user(user.id), system(`user:${user.id}`), (meta) => this.commands.execute(new RegisterUserCommand(body, meta)));
    }
    const council = { ...DEMO_COUNCIL, members: DEMO_COUNCIL.members.map((m) => ({ ...m })) };
    await this.step(streams.council(council.id), system(`council:${council.id}`), (meta) => this.commands.execute(new CreateCouncilCommand(council, meta)));

    const year = this.clock.now().slice(0, 4);
    const movement = { ...DEMO_MOVEMENT, fields: [...DEMO_MOVEMENT.fields], startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
    const movementStream = streams.movement(movement.id);
    await this.step(movementStream, system(`movement:${movement.id}`), (meta) => this.commands.execute(new DraftMovementCommand(movement, meta)));
    await this.step(movementStream, system(`movement:${movement.id}:launch`), (meta) => this.commands.execute(new LaunchMovementCommand(movement.id, meta)), async () =>
      (await this.store.readStream(movementStream)).some((e) => e.type === 'MovementLaunched'),
    );

    // The initiatives do not depend on each other: their consultation windows pass together.
    await Promise.all(DEMO_INITIATIVES.map((initiative) => this.initiative(initiative, as)));

    try {
      await this.store.appendToStream(
        DEMO_MARKER_STREAM,
        [{ eventId: randomUUID(), type: 'DemoSeeded', data: { version: DEMO_VERSION, initiatives: DEMO_INITIATIVES.map((i) => i.id) }, metadata: { actor: { id: SYSTEM_ACTOR.userId, role: 'administrator' }, correlationId, occurredAt: this.clock.now() } }],
        { expectedVersion: 'no_stream' },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error; // another process finished first
    }
    return 'seeded';
  }

  /** One initiative's script, up to the stage it is meant to rest at. */
  private async initiative(i: DemoInitiative, as: (actor: Actor, key: string) => RequestMeta): Promise<void> {
    const stream = streams.initiative(i.id);
    const officer = demoActor(i.officer);
    const secretary = demoActor('demo-secretary');
    const run = (key: string, actor: Actor, command: (meta: RequestMeta) => ICommand, satisfied?: () => Promise<boolean>) =>
      this.step(stream, as(actor, `${i.id}:${key}`), (meta) => this.commands.execute(command(meta)), satisfied);

    const { officer: _officer, stage: _stage, ballots: _ballots, ...registration } = i;
    await run('register', officer, (meta) => new RegisterInitiativeCommand({ ...registration, movementId: DEMO_MOVEMENT.id }, meta));
    if (!reaches(i, 'cultivating')) return;
    await run('progress', officer, (meta) => new ReportProgressCommand(i.id, { summary: 'Piloted for three months; residents asked for it to continue.', indicators: { households: 420, satisfaction: 0.92 } }, meta));
    if (!reaches(i, 'nominated')) return;
    await run('nominate', officer, (meta) => new NominateCommand(i.id, { awardForm: 'certificate_of_merit', councilId: DEMO_COUNCIL.id, statement: `${i.title}: results of the pilot and how other wards can adopt it.`, documents: demoDocuments(i.id) }, meta));
    if (!reaches(i, 'in_review')) return;
    await run('screen', secretary, (meta) => new ScreenCommand(i.id, { outcome: 'accepted' }, meta));
    await run('review', secretary, (meta) => new OpenReviewCommand(i.id, {}, meta));
    for (const [n, choice] of i.ballots.entries()) {
      const member = demoActor(DEMO_VOTERS[n]);
      await run(`scores:${member.userId}`, member, (meta) => new SubmitScoresCommand(i.id, { scores: DEMO_SCORES[member.userId] }, meta));
      await run(`ballot:${member.userId}`, member, (meta) => new CastBallotCommand(i.id, { choice }, meta));
    }
    if (!reaches(i, 'consultation')) return;
    await run('review-close', secretary, (meta) => new CloseReviewCommand(i.id, {}, meta));
    // The demo's consultation resting open runs the definition's period; the others a moment only.
    const closesAt = reaches(i, 'awarded') ? new Date(Date.parse(this.clock.now()) + DEMO_CONSULTATION_MS).toISOString() : undefined;
    await run('consultation', secretary, (meta) => new OpenConsultationCommand(i.id, closesAt ? { closesAt } : {}, meta));
    if (!reaches(i, 'awarded')) return;
    const state = await this.state(i.id);
    await this.until(state.kind === 'initiative' ? currentConsultation(state)?.closesAt : undefined);
    // The worker closes a consultation when its window ends, too: either close will do.
    await run('consultation-close', secretary, (meta) => new CloseConsultationCommand(i.id, {}, meta), async () => {
      const now = await this.state(i.id);
      return now.kind === 'initiative' && currentConsultation(now)?.status === 'closed';
    });
    await run('decision', demoActor('demo-authority'), (meta) => new RecordDecisionCommand(i.id, { outcome: 'granted', decisionNo: `${40 + Number(i.id.slice(-1))}/QĐ-UBND`, signedBy: 'Đỗ Thanh Sơn, Chairman of the Ba Đình District People’s Committee', reason: 'Recommended by the council; no objection in the consultation.' }, meta));
    if (!reaches(i, 'published')) return;
    await run('publication', secretary, (meta) => new PublishCommand(i.id, { channel: 'Ba Đình district portal', url: `https://example.org/demo/${i.id}` }, meta));
  }

  /**
   * Runs one step unless its Idempotency-Key is already in the stream. A failure is fine when the
   * key has appeared meanwhile (another process did the step), when `satisfied` says the step's
   * effect is there, or when a creation finds the aggregate already exists.
   */
  private async step(stream: string, meta: RequestMeta, run: (meta: RequestMeta) => Promise<unknown>, satisfied?: () => Promise<boolean>): Promise<void> {
    if (await this.done(stream, meta)) return;
    try {
      await run(meta);
    } catch (error) {
      if (await this.done(stream, meta)) return;
      if (satisfied && (await satisfied())) return;
      if (isDomainError(error) && error.code === DomainErrorCode.ALREADY_EXISTS) {
        this.logger.warn(`${stream} already exists; the demo uses it as it is`);
        return;
      }
      throw error;
    }
  }

  private async done(stream: string, meta: RequestMeta): Promise<boolean> {
    return (await this.store.readStream(stream)).some((e) => e.metadata?.idempotencyKey === meta.idempotencyKey);
  }

  private async state(initiativeId: string) {
    return (await this.runner.current(streams.initiative(initiativeId), initiativeDecider)).state;
  }

  /** Waits until the clock reaches `instant` (bounded). */
  private async until(instant: string | undefined): Promise<void> {
    if (!instant) return;
    const giveUpAt = Date.now() + MAX_WAIT_MS;
    while (Date.parse(this.clock.now()) < Date.parse(instant) && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, Math.max(10, Date.parse(instant) - Date.parse(this.clock.now())))));
    }
  }
}
