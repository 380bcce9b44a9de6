// Settings every integration test process starts with (jest `setupFiles`).
import { randomBytes } from 'node:crypto';

process.env.AUTH_JWT_SECRET ??= 'laurel-test-secret';
process.env.LOG_LEVEL ??= 'silent';
// The secret-ballot key-encryption key (the API refuses to start without one outside embedded
// mode): random for each test process; child processes a test starts inherit it.
process.env.BALLOT_KEK ??= randomBytes(32).toString('base64');
