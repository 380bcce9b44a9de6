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
  if (config.EVENT_STORE === 'kurrentdb' && !config.KURRENTDB_URL) {
    errors.push(Object.assign(new ValidationError(), { property: 'KURRENTDB_URL', constraints: { required: 'KURRENTDB_URL is required when EVENT_STORE=kurrentdb' } }));
  }
  if (errors.length > 0) {
    const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return config;
}
