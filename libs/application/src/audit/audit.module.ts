import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { HealthChecks, LaurelConfig } from '@laurel/infra';
import { AuditProofs, lastVerification, migrateAuditStore, TAMPER_EVIDENCE_NEEDS_POSTGRES, tamperEvidenceAvailable, type VerificationRecord } from '@laurel/event-store/audit';

/**
 * The tamper-evident log's status (docs/tamper-evidence.md): GET /health `audit` (the last
 * verification, with `tamperDetected` when it found a mismatch; under EVENT_STORE=kurrentdb
 * `tamperEvidence: 'off'` and why) and the gauges laurel_audit_last_verification_*; plus the
 * checkpoint and proof reader the audit routes and official documents use.
 */
@Injectable()
export class AuditStatusReporter implements OnModuleInit {
  constructor(
    private readonly pool: Pool,
    private readonly registry: Registry,
    private readonly health: HealthChecks,
    private readonly config: LaurelConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateAuditStore(this.pool);
    const available = tamperEvidenceAvailable(this.config.EVENT_STORE);
    this.health.register('audit', async (indicators) => {
      const indicator = indicators.check('audit');
      // Under KurrentDB: said on every check, not an outage (the API serves; there is nothing to verify).
      if (!available) return indicator.up({ tamperEvidence: 'off', message: TAMPER_EVIDENCE_NEEDS_POSTGRES });
      // A mismatch is reported, not served as an outage: the API still serves (and must, so the
      // auditors can investigate); alert on laurel_audit_last_verification_ok == 0 instead.
      try {
        const last = await lastVerification(this.pool);
        return indicator.up({ lastVerification: last, tamperDetected: last !== null && !last.ok });
      } catch (error) {
        return indicator.down({ message: (error as Error).message });
      }
    });
    if (this.registry.getSingleMetric('laurel_audit_last_verification_ok')) return;
    const last = () => lastVerification(this.pool);
    const gauge = (name: string, help: string, value: (v: VerificationRecord) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const v = await last();
          if (v) this.set(value(v));
        },
      });
    gauge('laurel_audit_last_verification_ok', '1 when the last verification of the whole log found no mismatch, 0 when it found one', (v) => (v.ok ? 1 : 0));
    gauge('laurel_audit_last_verification_timestamp_seconds', 'When the last verification of the whole log finished (Unix time)', (v) => Date.parse(v.finishedAt) / 1000);
    gauge('laurel_audit_last_verification_events', 'Events the last verification checked', (v) => v.eventsChecked);
    gauge('laurel_audit_last_verification_events_per_second', 'Events per second of the last verification', (v) => v.eventsPerSecond);
  }
}

@Module({
  providers: [AuditStatusReporter, { provide: AuditProofs, inject: [Pool], useFactory: (pool: Pool) => new AuditProofs(pool) }],
  exports: [AuditProofs],
})
export class AuditModule {}
