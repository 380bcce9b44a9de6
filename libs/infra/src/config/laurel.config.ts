import { readFileSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidationError, validateSync } from 'class-validator';
import { readRedisTarget } from '../redis/redis-target';

const toBoolean = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1');
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable Laurel reads, validated at start-up (README, "Configuration").
 * DATABASE_URL and REDIS_URL (or REDIS_SENTINELS) are required here: the embedded launcher fills them in before Nest starts.
 */
export class LaurelConfig {
  @IsString()
  DATABASE_URL!: string;

  /**
   * `redis://[user:password@]host:port[/db]`. Required unless REDIS_SENTINELS is set; with it, only
   * its credentials and database number are used (the sentinels say where the primary is).
   */
  @IsOptional()
  @IsString()
  REDIS_URL?: string;

  /**
   * Redis with Sentinel: the sentinels to ask for the current primary, `host:port,host:port` (port
   * 26379 when left out). Every connection (BullMQ, rate limits, health) follows a failover.
   */
  @IsOptional()
  @IsString()
  REDIS_SENTINELS?: string;

  /** The name the sentinels monitor the primary under (`sentinel monitor <name> …`); required with REDIS_SENTINELS. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_NAME?: string;

  /** The sentinels' own password (their `requirepass`), if they have one; never logged. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  /** A file holding REDIS_SENTINEL_PASSWORD (a mounted secret); read at start. */
  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD_FILE?: string;

  /**
   * A PostgreSQL streaming replica of DATABASE_URL that serves the read-model queries (lists,
   * statistics, public pages, the audit log); commands, projections and everything else stay on
   * DATABASE_URL (docs/operations.md, "Reads on a replica"). Unset: queries read DATABASE_URL too.
   */
  @IsOptional()
  @IsString()
  READ_DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Transform(toBoolean)
  @IsBoolean()
  LOG_PRETTY = false;

  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE = 20;

  /** How long a request waits for a PostgreSQL connection before it fails (503 DATABASE_UNAVAILABLE), in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /**
   * `statement_timeout` of Laurel's sessions, in ms (0: none). The client also gives up on an answer
   * 2 s after it, so a frozen server cannot hold a request longer.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** `idle_in_transaction_session_timeout` of Laurel's sessions, in ms (0: none): a forgotten transaction must not hold the feed's horizon. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

  /** GET /health/ready warns (still 200) once a transaction has held the feed's horizon this long, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  FEED_HORIZON_WARN_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  EVENT_STORE_APPEND_CONCURRENCY = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  EVENT_STORE_POLL_INTERVAL_MS = 20;

  @IsOptional()
  @IsString()
  LAUREL_DATA_DIR?: string;

  /** Where the event log lives: `postgres` (default, DATABASE_URL) or `kurrentdb` (KURRENTDB_URL). Read models stay in PostgreSQL either way. */
  @IsIn(['postgres', 'kurrentdb'])
  EVENT_STORE: 'postgres' | 'kurrentdb' = 'postgres';

  /** KurrentDB connection string, e.g. `kurrentdb://user:password@host:2113` (or `kurrentdb://localhost:2113?tls=false`); required when EVENT_STORE=kurrentdb. */
  @IsOptional()
  @IsString()
  KURRENTDB_URL?: string;

  /**
   * True only in the embedded run mode: set by the all-in-one launcher (apps/laurel) when it
   * started the embedded PostgreSQL itself, and forced false when DATABASE_URL was given. Dev
   * tokens, generated key files and plain-http webhooks exist only then.
   */
  @Transform(toBoolean)
  @IsBoolean()
  LAUREL_EMBEDDED = false;

  /**
   * Key-encryption key of secret ballots: base64 of 32 random bytes. It wraps each review's data key
   * and must never be stored in PostgreSQL or Redis (docs/secret-ballots.md). Outside embedded mode
   * the API refuses to start without it or BALLOT_KEK_FILE.
   */
  @IsOptional()
  @IsString()
  BALLOT_KEK?: string;

  /** A file holding the ballot key-encryption key (base64 of 32 bytes, or 32 raw bytes), e.g. a mounted secret. */
  @IsOptional()
  @IsString()
  BALLOT_KEK_FILE?: string;

  /** During a KEK rotation only: the previous key (base64); keys wrapped under it are re-wrapped at start. */
  @IsOptional()
  @IsString()
  BALLOT_KEK_PREVIOUS?: string;

  /**
   * Ed25519 key that signs the audit checkpoints: base64 of a 32-byte seed. Never stored in
   * PostgreSQL (docs/tamper-evidence.md). Outside embedded mode the worker refuses to seal without
   * it or AUDIT_SIGNING_KEY_FILE; embedded mode generates `<LAUREL_DATA_DIR>/audit-signing-key`.
   */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY?: string;

  /** A file holding the checkpoint signing key (base64 of the 32-byte seed, or the 32 raw bytes), e.g. a mounted secret. */
  @IsOptional()
  @IsString()
  AUDIT_SIGNING_KEY_FILE?: string;

  /** The verifier's trust anchor (`<name>+<hex id>+<base64 key>`): verify checkpoints without holding the signing key. */
  @IsOptional()
  @IsString()
  AUDIT_PUBLIC_KEY?: string;

  /** The log's name: first line of every checkpoint and the signature's key name. */
  @IsString()
  @Matches(/^[^\s+]+$/)
  AUDIT_LOG_ORIGIN = 'laurel';

  /** A signed checkpoint after this many new events… */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  AUDIT_CHECKPOINT_EVERY_EVENTS = 1000;

  /** …or this many seconds after the first event not yet in one. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 60;

  /** Witness directory outside the database: every checkpoint is written there as `<size>.checkpoint`. */
  @IsOptional()
  @IsString()
  AUDIT_WITNESS_DIR?: string;

  /** Witness receiver: every checkpoint is POSTed there as text/plain (another Laurel, any service). */
  @IsOptional()
  @IsString()
  AUDIT_WITNESS_WEBHOOK_URL?: string;

  /** Minutes between the worker's scheduled verifications of the whole log (0: none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_080)
  AUDIT_VERIFY_INTERVAL_MINUTES = 60;

  /**
   * Secret that signs and verifies the service accounts' HS256 tokens (and dev tokens). Outside
   * embedded mode it or OIDC_ISSUER_URL is required. Filled from AUTH_JWT_SECRET_FILE when that is set.
   */
  @IsOptional()
  @IsString()
  AUTH_JWT_SECRET?: string;

  /**
   * Keys the HMAC that fingerprints request bodies for Idempotency-Key (never stored). Defaults to
   * a key derived from AUTH_JWT_SECRET; set it to rotate the two independently.
   */
  @IsOptional()
  @IsString()
  IDEMPOTENCY_HMAC_KEY?: string;

  /** Public objections accepted per client address and window (README, "Configuration"). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  OBJECTION_RATE_LIMIT = 10;

  /** The objection rate limit's window, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  OBJECTION_RATE_WINDOW_SECONDS = 600;

  /**
   * How many proxies in front of the API append to X-Forwarded-For (0: none, the header is
   * ignored and the connection's address is the client's). `true` counts as 1.
   */
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? 1 : value === 'false' ? 0 : toInt({ value })))
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY = 0;

  /** Redis key prefix of the rate-limit counters (all API processes of one deployment share it). */
  @IsString()
  RATE_LIMIT_REDIS_PREFIX = 'laurel:rate-limit:';

  /** Hosts webhooks may reach although they resolve to loopback or private addresses (comma list). */
  @IsOptional()
  @IsString()
  WEBHOOK_ALLOWED_HOSTS?: string;

  /** Signs webhooks of receivers that set no secret of their own: `whsec_` and base64 (Standard Webhooks). */
  @IsOptional()
  @Matches(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, { message: 'WEBHOOK_SIGNING_SECRET must be whsec_ followed by at least 24 bytes in base64' })
  WEBHOOK_SIGNING_SECRET?: string;

  /** A file holding AUTH_JWT_SECRET (a mounted compose/Kubernetes secret); read once at start. */
  @IsOptional()
  @IsString()
  AUTH_JWT_SECRET_FILE?: string;

  /** How long issued tokens live (e.g. `12h`); at most 12 h, the most an HS256 token may live. */
  @IsString()
  AUTH_TOKEN_TTL = '12h';

  /** The OpenID Connect issuer whose RS256/ES256 access tokens sign users in (discovery + JWKS). */
  @IsOptional()
  @IsString()
  OIDC_ISSUER_URL?: string;

  /** The `aud` the issuer puts in access tokens for Laurel; required with OIDC_ISSUER_URL. */
  @IsOptional()
  @IsString()
  OIDC_AUDIENCE?: string;

  /** The browser client's id at the issuer (public client, authorization code + PKCE), for GET /auth/config. */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Scopes the browser client asks for, space-separated. */
  @IsString()
  OIDC_SCOPES = 'openid profile email';

  /** Which access-token claim names the Laurel user: `sub` (the user id) or `email` (the user's e-mail). */
  @IsIn(['sub', 'email'])
  OIDC_USER_CLAIM: 'sub' | 'email' = 'sub';

  /** POST /api/v1/auth/dev-token hands out tokens for any registered user: embedded mode only. */
  @Transform(toBoolean)
  @IsBoolean()
  AUTH_DEV_TOKENS = false;

  /** The public address of the API, printed in every document's QR code: `<this>/api/v1/public/verify/<code>`. */
  @IsString()
  DOCUMENTS_PUBLIC_URL = 'http://localhost:3000';

  /** Seed a small demo on an empty database (the embedded launcher turns it on). */
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = false;
}

/** The longest an HS256 (shared-secret) token may live, from its `iat`. */
export const MAX_SERVICE_TOKEN_SECONDS = 12 * 3600;

const problem = (property: string, message: string) => Object.assign(new ValidationError(), { property, constraints: { invalid: message } });

/** `30m`, `12h`, `3600s` or plain seconds, in seconds; undefined when it is none of those. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(\d{1,6})\s*([smh]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600 }[match[2] as '' | 's' | 'm' | 'h'];
}

/** Sign-in settings that only make sense together (README, "Sign-in"); pushes what is wrong. */
function checkSignIn(config: LaurelConfig, errors: ValidationError[]): void {
  if (config.AUTH_JWT_SECRET_FILE) {
    if (config.AUTH_JWT_SECRET) {
      errors.push(problem('AUTH_JWT_SECRET_FILE', 'set AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE, not both'));
    } else {
      try {
        config.AUTH_JWT_SECRET = readFileSync(config.AUTH_JWT_SECRET_FILE, 'utf8').trim();
      } catch (error) {
        errors.push(problem('AUTH_JWT_SECRET_FILE', `cannot read ${config.AUTH_JWT_SECRET_FILE}: ${(error as Error).message}`));
      }
    }
  }
  if (config.AUTH_JWT_SECRET !== undefined && config.AUTH_JWT_SECRET.length < 16) {
    errors.push(problem(config.AUTH_JWT_SECRET_FILE ? 'AUTH_JWT_SECRET_FILE' : 'AUTH_JWT_SECRET', 'the secret must be at least 16 characters (32 random bytes recommended)'));
  }
  const ttl = durationSeconds(config.AUTH_TOKEN_TTL);
  if (ttl === undefined || ttl <= 0 || ttl > MAX_SERVICE_TOKEN_SECONDS) {
    errors.push(problem('AUTH_TOKEN_TTL', 'must be a duration like 30m or 12h, at most 12h'));
  }
  if (config.AUTH_DEV_TOKENS && !config.LAUREL_EMBEDDED) {
    errors.push(
      problem(
        'AUTH_DEV_TOKENS',
        'AUTH_DEV_TOKENS=true is refused outside embedded mode: dev tokens let anyone sign in as any user, administrators included. ' +
          'They exist only when the all-in-one launcher runs its own PostgreSQL (no DATABASE_URL). Sign users in with OIDC_ISSUER_URL, service accounts with AUTH_JWT_SECRET(_FILE).',
      ),
    );
  }
  if (config.OIDC_ISSUER_URL !== undefined) {
    let issuer: URL | undefined;
    try {
      issuer = new URL(config.OIDC_ISSUER_URL);
    } catch {
      errors.push(problem('OIDC_ISSUER_URL', 'must be a URL'));
    }
    // Plain http only for an issuer on this machine (development, tests).
    if (issuer && issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname))) {
      errors.push(problem('OIDC_ISSUER_URL', 'must be an https URL (plain http only on localhost)'));
    }
    if (!config.OIDC_AUDIENCE) errors.push(problem('OIDC_AUDIENCE', 'is required with OIDC_ISSUER_URL: the audience the issuer puts in access tokens for Laurel'));
  }
  // Fingerprints must agree across API processes, or a replay on another process looks like a reused key.
  if (!config.LAUREL_EMBEDDED && config.OIDC_ISSUER_URL && !config.AUTH_JWT_SECRET && !config.IDEMPOTENCY_HMAC_KEY) {
    errors.push(problem('IDEMPOTENCY_HMAC_KEY', 'is required when AUTH_JWT_SECRET is not set: every API process must fingerprint Idempotency-Key bodies with the same key'));
  }
  if (!config.LAUREL_EMBEDDED && !config.AUTH_JWT_SECRET && !config.OIDC_ISSUER_URL) {
    errors.push(problem('AUTH_JWT_SECRET', 'no way to sign in: set OIDC_ISSUER_URL (users) and/or AUTH_JWT_SECRET or AUTH_JWT_SECRET_FILE (service accounts)'));
  }
}

export function validateConfig(raw: Record<string, unknown>): LaurelConfig {
  const config = plainToInstance(LaurelConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  checkSignIn(config, errors);
  for (const p of readRedisTarget(config).problems) errors.push(problem(p.property, p.message));
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL) {
    errors.push(Object.assign(new ValidationError(), { property: 'KURRENTDB_URL', constraints: { required: 'KURRENTDB_URL is required when EVENT_STORE=kurrentdb' } }));
  }
  if (errors.length > 0) {
    const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
