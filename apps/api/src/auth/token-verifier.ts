import { Injectable } from '@nestjs/common';
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { LaurelConfig, MAX_SERVICE_TOKEN_SECONDS } from '@laurel/infra';
import { ProblemException } from '../http/problem-details';

/** Who a verified token names: a Laurel user id (`sub`) or an e-mail to look up. */
export interface VerifiedToken {
  claim: 'sub' | 'email';
  value: string;
  /** When the token expires (ms since the epoch): no cache may keep it longer. */
  expiresAt: number;
}

const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** Clock skew tolerated between Laurel and the issuer. */
const CLOCK_TOLERANCE_S = 30;
/** A failed discovery is retried after this long, not on every request. */
const DISCOVERY_RETRY_MS = 5_000;

const invalid = (detail: string) => new ProblemException(401, 'UNAUTHENTICATED', detail, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
const unavailable = (detail: string) => new ProblemException(503, 'AUTH_UNAVAILABLE', detail, { 'Retry-After': '5' });

interface Issuer {
  issuer: string;
  jwks: ReturnType<typeof createRemoteJWKSet>;
}

/**
 * Verifies bearer tokens. RS256/ES256 tokens come from the OpenID Connect issuer (OIDC_ISSUER_URL):
 * its discovery document names the JWKS, fetched by jose, cached and refetched when an unknown key
 * id shows up (key rotation). HS256 tokens are the service accounts' (AUTH_JWT_SECRET), and must
 * carry `exp` at most 12 h after `iat`. No other algorithm is accepted.
 */
@Injectable()
export class TokenVerifier {
  private readonly secret: KeyObject | undefined;
  private issuer: Promise<Issuer> | undefined;
  private discoveryFailedAt = 0;

  constructor(private readonly config: LaurelConfig) {
    this.secret = config.AUTH_JWT_SECRET ? createSecretKey(Buffer.from(config.AUTH_JWT_SECRET)) : undefined;
  }

  async verify(token: string): Promise<VerifiedToken> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw invalid('The token is not a JWT');
    }
    if (alg === 'HS256') return this.verifyServiceToken(token);
    if (alg !== undefined && OIDC_ALGORITHMS.includes(alg)) return this.verifyAccessToken(token);
    throw invalid(`Tokens signed with ${alg ?? 'no algorithm'} are not accepted (RS256 or ES256 from the issuer, HS256 for service accounts)`);
  }

  private async verifyServiceToken(token: string): Promise<VerifiedToken> {
    const secret = this.secret;
    if (!secret) throw invalid('Shared-secret (HS256) tokens are not accepted here: no AUTH_JWT_SECRET is configured');
    const claims = await this.checked(() => jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'], clockTolerance: CLOCK_TOLERANCE_S }));
    const exp = Number(claims.exp); // present: a required claim
    const from = typeof claims.iat === 'number' ? claims.iat : Math.floor(Date.now() / 1000);
    if (exp - from > MAX_SERVICE_TOKEN_SECONDS) {
      throw invalid('A shared-secret (HS256) token may live at most 12 h: its exp is more than 12 h after its iat (or after now, without iat)');
    }
    return { claim: 'sub', value: this.text(claims.sub, 'sub'), expiresAt: exp * 1000 };
  }

  private async verifyAccessToken(token: string): Promise<VerifiedToken> {
    const configured = this.config.OIDC_ISSUER_URL;
    if (!configured) throw invalid('Tokens of an OpenID Connect issuer are not accepted here: no OIDC_ISSUER_URL is configured');
    const { issuer, jwks } = await this.discovered(configured);
    const claims = await this.checked(() =>
      jwtVerify(token, jwks, { issuer, audience: this.config.OIDC_AUDIENCE, algorithms: OIDC_ALGORITHMS, requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_S }),
    );
    const claim = this.config.OIDC_USER_CLAIM;
    const value = this.text(claims[claim], claim);
    return { claim, value: claim === 'email' ? value.toLowerCase() : value, expiresAt: Number(claims.exp) * 1000 };
  }

  /** The issuer's discovery document, fetched once (again after a failure, not more than every 5 s). */
  private discovered(configured: string): Promise<Issuer> {
    if (!this.issuer && Date.now() - this.discoveryFailedAt < DISCOVERY_RETRY_MS) {
      return Promise.reject(unavailable('The OpenID Connect issuer cannot be reached; retry shortly'));
    }
    this.issuer ??= discover(configured).catch((error: unknown) => {
      this.issuer = undefined;
      this.discoveryFailedAt = Date.now();
      throw error instanceof ProblemException ? error : unavailable('The OpenID Connect issuer cannot be reached; retry shortly');
    });
    return this.issuer;
  }

  private async checked(verify: () => Promise<{ payload: JWTPayload }>): Promise<JWTPayload> {
    try {
      return (await verify()).payload;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** A jose failure as a 401 that says what is wrong (never the token itself), or a 503 when the issuer is unreachable. */
  private explain(error: unknown): ProblemException {
    if (error instanceof ProblemException) return error;
    if (error instanceof errors.JWTExpired) return invalid('The token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) {
      const what = { iss: 'was issued by another issuer', aud: 'is meant for another audience', exp: 'has no exp', sub: 'names no subject', nbf: 'is not valid yet' }[error.claim];
      return invalid(what ? `The token ${what}` : `The token's ${error.claim} claim is not valid`);
    }
    if (error instanceof errors.JWKSNoMatchingKey) return invalid("The token is signed with a key the issuer's JWKS does not hold");
    // A plain JOSEError comes from fetching the JWKS (not 200, not JSON), as do timeouts.
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error as Error).constructor === errors.JOSEError) {
      return unavailable("The issuer's JWKS cannot be fetched; retry shortly");
    }
    if (error instanceof errors.JOSEError) return invalid('The token is invalid: its signature or format does not check');
    if (error instanceof TypeError) return unavailable("The issuer's JWKS cannot be fetched; retry shortly"); // fetch failed
    return invalid('The token is invalid');
  }

  private text(value: unknown, claim: string): string {
    if (typeof value !== 'string' || value.length === 0) throw invalid(`The token has no ${claim} claim to name a Laurel user`);
    return value;
  }
}

/** OpenID Connect Discovery 1.0: the document's `issuer` must be the configured one, exactly. */
async function discover(configured: string): Promise<Issuer> {
  const base = configured.replace(/\/+$/, '');
  const response = await fetch(`${base}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof document.issuer !== 'string' || document.issuer.replace(/\/+$/, '') !== base || typeof document.jwks_uri !== 'string') {
    throw unavailable("The issuer's discovery document names another issuer or no jwks_uri: check OIDC_ISSUER_URL");
  }
  // jose caches the keys, refetches on an unknown `kid` (at most every 30 s) and every 10 minutes.
  return { issuer: document.issuer, jwks: createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: 5_000, cacheMaxAge: 600_000 }) };
}

/** A short stable name for a token in caches, so the token itself is not kept as a key. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
