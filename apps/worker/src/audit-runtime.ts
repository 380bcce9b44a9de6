import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { LaurelConfig } from '@laurel/infra';
import { EVENT_STORE, type EventStore } from '@laurel/event-store';
import { AuditSealer, loadSigningKey, TAMPER_EVIDENCE_NEEDS_POSTGRES, tamperEvidenceAvailable, trustAnchor, verifyDatabase } from '@laurel/event-store/audit';

/**
 * The tamper-evident log's background work (docs/tamper-evidence.md): the sealer (one leased runner
 * across all workers) and the scheduled verification of the whole log (one worker at a time).
 */
@Injectable()
export class AuditRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private sealer: AuditSealer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private verifying: Promise<void> | undefined;
  private lastError = 0;

  constructor(
    private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly config: LaurelConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Under KurrentDB there are no hash chains to seal or verify: said once, and the worker runs on.
    if (!tamperEvidenceAvailable(this.config.EVENT_STORE)) {
      this.logger.error(TAMPER_EVIDENCE_NEEDS_POSTGRES);
      return;
    }
    // Refuses to start without a key outside embedded mode: unsigned checkpoints would prove nothing.
    const signingKey = loadSigningKey(this.config);
    this.sealer = new AuditSealer(this.pool, this.store, {
      origin: this.config.AUDIT_LOG_ORIGIN,
      signingKey,
      everyEvents: this.config.AUDIT_CHECKPOINT_EVERY_EVENTS,
      intervalMs: this.config.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
      witnessDir: this.config.AUDIT_WITNESS_DIR,
      witnessUrl: this.config.AUDIT_WITNESS_WEBHOOK_URL,
      onError: (error) => this.warn(error),
    });
    this.sealer.start();
    const minutes = this.config.AUDIT_VERIFY_INTERVAL_MINUTES;
    if (minutes > 0) {
      this.timer = setInterval(() => this.verifyNow(), minutes * 60_000);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.sealer?.stop();
    await this.verifying;
  }

  /** One verification at a time, and one worker at a time (an advisory try-lock). */
  verifyNow(): void {
    if (!tamperEvidenceAvailable(this.config.EVENT_STORE)) return;
    this.verifying ??= this.verify().finally(() => (this.verifying = undefined));
  }

  private async verify(): Promise<void> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended('laurel-audit-verify', 0)) AS locked`);
      if (!rows[0].locked) return;
      try {
        const report = await verifyDatabase(this.pool, { ...trustAnchor(this.config), witnessDir: this.config.AUDIT_WITNESS_DIR });
        if (report.ok) this.logger.log(`log verified: ${report.eventsChecked} events, ${report.eventsPerSecond} events/s`);
        else this.logger.error(`log verification FAILED: ${report.problem?.kind}: ${report.problem?.detail}`);
      } finally {
        await client.query(`SELECT pg_advisory_unlock(hashtextextended('laurel-audit-verify', 0))`);
      }
    } catch (error) {
      this.warn(error);
    } finally {
      client.release();
    }
  }

  /** At most one line every 5 s. */
  private warn(error: unknown): void {
    if (Date.now() - this.lastError < 5000) return;
    this.lastError = Date.now();
    this.logger.warn(`audit: ${error instanceof Error ? error.message : String(error)}`);
  }
}
