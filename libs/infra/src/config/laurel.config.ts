import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidationError, validateSync } from 'class-validator';

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

  /** Secret that signs and verifies JWTs (HS256). Required unless AUTH_DEV_TOKENS=true. */
  @IsOptional()
  @IsString()
  AUTH_JWT_SECRET?: string;

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
