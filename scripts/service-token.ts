/**
 * Mints a service-account token: HS256 with the deployment's shared secret (AUTH_JWT_SECRET or
 * AUTH_JWT_SECRET_FILE), `sub` a registered Laurel user id, `iat` and `exp` at most 12 h later.
 *
 *   node dist/scripts/service-token.js <userId> [ttl: 30m, 1h … 12h; default 1h]
 *
 * The token goes to stdout only: put it in the service's secret store, not in a URL or a log.
 */
import { readFileSync } from 'node:fs';
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { durationSeconds, MAX_SERVICE_TOKEN_SECONDS } from '@laurel/infra';

async function main(): Promise<void> {
  const [userId, ttl = '1h'] = process.argv.slice(2);
  if (!userId) throw new Error('usage: service-token <userId> [ttl, at most 12h]');
  const seconds = durationSeconds(ttl);
  if (seconds === undefined || seconds <= 0 || seconds > MAX_SERVICE_TOKEN_SECONDS) throw new Error(`ttl ${ttl}: a duration like 30m or 12h, at most 12h`);
  const file = process.env.AUTH_JWT_SECRET_FILE;
  const secret = file ? readFileSync(file, 'utf8').trim() : process.env.AUTH_JWT_SECRET;
  if (!secret) throw new Error('set AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE (the API\'s own)');
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sub: userId }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now).setExpirationTime(now + seconds).sign(createSecretKey(Buffer.from(secret)));
  process.stdout.write(`${token}\n`);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
