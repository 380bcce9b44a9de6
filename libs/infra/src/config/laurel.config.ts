import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidationError, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1');
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Every environment variable Laurel reads, validated at start-up (README, "Configuration").
 * DATABASE_URL and REDIS_URL are required here: the embedded launcher fills them in before Nest starts.
 */
export class LaurelConfig {
  @IsString()
  DATABASE_URL!: string;

  @IsString()
  REDIS_URL!: string;

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

  /**
   * True only in the embedded run mode: set by the all-in-one launcher (apps/laurel) when it
   * started the embedded PostgreSQL itself, and forced false when DATABASE_URL was given. Dev
   * tokens, generated key files and plain-http webhooks exist only then.
   */
  @Transform(toBoolean)
  @IsBoolean()
  LAUREL_EMBEDDED = false;

  /** Secret that signs and verifies JWTs (HS256). Required unless AUTH_DEV_TOKENS=true. */
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

  /** How long issued tokens live (e.g. `12h`). */
  @IsString()
  AUTH_TOKEN_TTL = '12h';

  /** POST /api/v1/auth/dev-token hands out tokens for any registered user: development only. */
  @Transform(toBoolean)
  @IsBoolean()
  AUTH_DEV_TOKENS = false;

  /** Seed a small demo on an empty database (the embedded launcher turns it on). */
  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = false;
}

export function validateConfig(raw: Record<string, unknown>): LaurelConfig {
  const config = plainToInstance(LaurelConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (!config.AUTH_JWT_SECRET && !config.AUTH_DEV_TOKENS) {
    errors.push(Object.assign(new ValidationError(), { property: 'AUTH_JWT_SECRET', constraints: { required: 'AUTH_JWT_SECRET is required unless AUTH_DEV_TOKENS=true' } }));
  }
  if (errors.length > 0) {
    const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
