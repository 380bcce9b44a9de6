import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { InMemoryEventStore } from '@laurel/event-store';
import { TAMPER_EVIDENCE_NEEDS_POSTGRES, TamperEvidenceUnavailable, assertTamperEvidenceAvailable, tamperEvidenceAvailable } from '@laurel/event-store/audit';
import type { LaurelConfig } from '@laurel/infra';
import { databasePool } from '../../../scripts/audit/settings';
import { AuditRuntime } from './audit-runtime';

describe('tamper evidence under EVENT_STORE=kurrentdb', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is available on PostgreSQL (the default) and not on KurrentDB', () => {
    expect([undefined, 'postgres', 'kurrentdb'].map(tamperEvidenceAvailable)).toEqual([true, true, false]);
    expect(() => assertTamperEvidenceAvailable('postgres')).not.toThrow();
    expect(() => assertTamperEvidenceAvailable('kurrentdb')).toThrow(TamperEvidenceUnavailable);
    expect(TAMPER_EVIDENCE_NEEDS_POSTGRES).toContain('docs/tamper-evidence.md, "Under KurrentDB"');
  });

  it('the worker says so once and starts neither the sealer nor the verification; it does not need a signing key or touch the database', () => {
    const logged: unknown[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(message));
    const connect = jest.fn();
    const pool = { connect } as unknown as Pool;
    // No signing key and not embedded: on PostgreSQL this refuses to start (MISSING_SIGNING_KEY).
    const config = { EVENT_STORE: 'kurrentdb', LAUREL_EMBEDDED: false, AUDIT_VERIFY_INTERVAL_MINUTES: 1 } as unknown as LaurelConfig;
    const runtime = new AuditRuntime(pool, new InMemoryEventStore(), config);
    expect(() => runtime.onApplicationBootstrap()).not.toThrow();
    runtime.verifyNow();
    expect(logged).toEqual([TAMPER_EVIDENCE_NEEDS_POSTGRES]);
    expect(connect).not.toHaveBeenCalled();
    return runtime.onModuleDestroy();
  });

  it('the audit scripts refuse to open the database, with the same message', () => {
    const saved = { EVENT_STORE: process.env.EVENT_STORE, DATABASE_URL: process.env.DATABASE_URL };
    process.env.EVENT_STORE = 'kurrentdb';
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
    try {
      expect(() => databasePool()).toThrow(TAMPER_EVIDENCE_NEEDS_POSTGRES);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
