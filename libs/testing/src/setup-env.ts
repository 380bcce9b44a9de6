// Settings every integration test process starts with (jest `setupFiles`).
import { randomBytes } from 'node:crypto';

process.env.AUTH_JWT_SECRET ??= 'laurel-test-secret';
process.env.LOG_LEVEL ??= 'silent';
// Rate-limit counters per run (a shared Redis), and a limit no ordinary test reaches: the
// rate-limit tests set their own.
process.env.RATE_LIMIT_REDIS_PREFIX ??= `laurel-test:${process.env.LAUREL_TEST_RUN_ID ?? process.pid}:rate-limit:`;
process.env.OBJECTION_RATE_LIMIT ??= '1000000';
// The secret-ballot key-encryption key (the API refuses to start without one outside embedded
// mode): random for each test process; child processes a test starts inherit it.
process.env.BALLOT_KEK ??= randomBytes(32).toString('base64');
// The audit checkpoint signing key (Ed25519 seed): one per run, from global-setup (every file signs
// and verifies the shared log with it); random when a test file runs without it.
process.env.AUDIT_SIGNING_KEY ??= randomBytes(32).toString('base64');
