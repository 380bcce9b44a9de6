import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { ReadDatabase, type ReplicaSample } from '../persistence/read-database';
import { HealthChecks } from './health.controller';

/**
 * The read replica on GET /metrics (`laurel_read_replica_*`) and GET /health (`readReplica`), when
 * READ_DATABASE_URL is set (docs/operations.md, "Reads on a replica"). Not on /health/ready: while
 * the replica does not answer the queries read the primary, so the process still serves.
 */
@Injectable()
export class ReadReplicaReporter implements OnModuleInit {
  private sampling: Promise<ReplicaSample | undefined> | undefined;

  constructor(
    private readonly database: ReadDatabase,
    private readonly registry: Registry,
    private readonly health: HealthChecks,
  ) {}

  /** The gauges of one scrape are collected together: they share the sample in flight. */
  sample(): Promise<ReplicaSample | undefined> {
    this.sampling ??= this.database.sample().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  onModuleInit(): void {
    if (!this.database.replicated) return;
    this.health.register('readReplica', async (indicators) => {
      const indicator = indicators.check('readReplica');
      const sample = await this.sample();
      if (!sample?.up) return indicator.down({ message: 'the read replica (READ_DATABASE_URL) does not answer: queries read the primary', servesQueries: 'primary' });
      const details = { standby: sample.standby, streaming: sample.streaming, lagSeconds: round(sample.lagSeconds), lagBytes: sample.lagBytes ?? null, servesQueries: sample.fallback ? 'primary' : 'replica' };
      return sample.standby ? indicator.up(details) : indicator.down({ ...details, message: 'READ_DATABASE_URL is not a standby (promoted, or a primary): it no longer follows DATABASE_URL' });
    });
    if (this.registry.getSingleMetric('laurel_read_replica_up')) return;
    const gauge = (name: string, help: string, value: (s: ReplicaSample) => number) => {
      const sample = () => this.sample();
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          const s = await sample();
          if (s) this.set(value(s));
        },
      });
    };
    gauge('laurel_read_replica_up', 'The read replica (READ_DATABASE_URL) answered, within a second', (s) => (s.up ? 1 : 0));
    gauge('laurel_read_replica_streaming', "The read replica's WAL receiver is streaming from the primary", (s) => (s.streaming ? 1 : 0));
    gauge('laurel_read_replica_lag_seconds', 'Age of the last transaction the read replica replayed while received WAL waits to be replayed (0: it replayed everything it received; NaN when it does not answer)', (s) => (s.up ? s.lagSeconds : Number.NaN));
    gauge('laurel_read_replica_lag_bytes', 'Bytes of WAL the primary has written that the read replica has not replayed (NaN when either does not answer)', (s) => s.lagBytes ?? Number.NaN);
    gauge('laurel_read_replica_fallback', 'Queries read the primary because the read replica stopped answering (1) or read the replica (0)', (s) => (s.fallback ? 1 : 0));
  }
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
