import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import {
  initiativeDecider,
  pendingTimers,
  workflowDefinitionDecider,
  definitionVersion,
  type Actor,
  type InitiativeState,
  type PendingTimer as DomainTimer,
} from '@laurel/domain';
import { CommandRunner, streams } from '@laurel/application';
import type { NotificationQueues, TimerJob } from '../queues';
import { ruleFor } from '../rules';
import type { NotificationSettings } from '../settings';
import { supervisedQueueWorker, type SupervisedWorker, type WorkerReplacement } from '../supervised-worker';
import { resolveRecipients, type Directory } from '../dispatch/directory';
import type { Fanout, Notice } from '../dispatch/fanout';
import { TimerTable, timerJobs } from './timer-table';

/** The background worker as an actor: it issues commands through the normal command path. */
export const WORKER_ACTOR: Actor = { userId: 'worker', roles: ['worker'] };

/**
 * Fires deadline timers. When a job fires it re-reads the initiative and acts only if the timer is
 * still pending (same kind, stage and due time): a timer left behind by a stage change, or fired
 * twice, does nothing more. Commands carry the timer's job id as idempotency key, so a repeat
 * appends nothing.
 */
export class TimerWorker {
  private readonly worker: SupervisedWorker<TimerJob>;
  private readonly table: TimerTable;
  private resync: NodeJS.Timeout | undefined;

  constructor(
    pool: import('pg').Pool,
    private readonly settings: NotificationSettings,
    private readonly runner: CommandRunner,
    private readonly queues: NotificationQueues,
    private readonly directory: Directory,
    private readonly fanout: Fanout,
    private readonly onError: (error: unknown) => void = () => undefined,
    onReplaced?: (replacement: WorkerReplacement) => void,
  ) {
    this.table = new TimerTable(pool);
    this.worker = supervisedQueueWorker<TimerJob>(queues.timers, (job) => this.fire(job), settings, 4, onReplaced);
  }

  async start(): Promise<void> {
    this.worker.start();
    await this.rederive().catch(this.onError);
    if (this.settings.timerResyncMs > 0) {
      this.resync = setInterval(() => void this.rederive().catch(this.onError), this.settings.timerResyncMs);
      this.resync.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.resync);
    await this.worker.stop();
  }

  /** Re-adds every unfired timer from PostgreSQL: a no-op for jobs Redis still holds. */
  async rederive(): Promise<number> {
    const timers = await this.table.unfired();
    if (timers.length > 0) await this.queues.timers.addBulk(timerJobs(timers));
    return timers.length;
  }

  private async fire(job: Job<TimerJob>): Promise<void> {
    const { initiativeId, kind, stage, dueAt } = job.data;
    const { state } = await this.runner.load(streams.initiative(initiativeId), initiativeDecider);
    const timer = pendingTimers(state).find((t) => t.kind === kind && t.stage === stage && Date.parse(t.dueAt) === Date.parse(dueAt));
    if (timer?.action === 'command' && timer.command === 'closeConsultation') await this.closeConsultation(state, job.id as string);
    else if (timer?.action === 'notify') await this.notify(state, timer, job.id as string);
    await this.table.markFired(job.id as string);
  }

  private async closeConsultation(state: InitiativeState, jobId: string): Promise<void> {
    if (state.kind !== 'initiative') return;
    const workflow = await this.runner.load(streams.workflow(state.definitionId), workflowDefinitionDecider);
    const definition = definitionVersion(workflow.state, state.definitionVersion);
    if (!definition) throw new Error(`definition ${state.definitionId} v${state.definitionVersion} not found`);
    await this.runner.run({
      stream: streams.initiative(state.initiativeId),
      id: state.initiativeId,
      decider: initiativeDecider,
      command: { type: 'closeConsultation', data: {} },
      meta: { actor: WORKER_ACTOR, correlationId: randomUUID(), idempotencyKey: jobId },
      context: (_s, now) => ({ now, actor: WORKER_ACTOR, definition }),
      metadata: () => ({ workflowDefinitionId: definition.id, workflowDefinitionVersion: definition.version }),
    });
  }

  private async notify(state: InitiativeState, timer: DomainTimer, jobId: string): Promise<void> {
    const rule = ruleFor(`timer.${timer.kind}`);
    if (!rule || state.kind !== 'initiative') return;
    const snap = await this.directory.snapshot([state.initiativeId]);
    const facts = snap.initiatives.get(state.initiativeId);
    const recipients = resolveRecipients(rule.recipients, facts, snap, { members_owing_ballot: timer.memberIds ?? [] });
    const notices: Notice[] = recipients.map((recipient) => ({
      kind: rule.kind,
      recipient,
      sourceId: jobId,
      initiativeId: state.initiativeId,
      title: state.title,
      eventAt: new Date().toISOString(),
      params: { dueAt: timer.dueAt },
    }));
    await this.fanout.enqueue(notices);
  }
}
