import { fetchAuthConfig, safeNext, startSession, type AuthConfig } from './api';

/*
 * OpenID Connect authorization code + PKCE (RFC 7636, S256) by hand with Web Crypto: the browser is a
 * public client. The code verifier, state and nonce live in sessionStorage only while the browser is
 * at the issuer, and are removed on return; tokens are kept in memory only (lib/auth.ts), never in a
 * URL (the callback's `?code=&state=` is replaced in history at once) and never logged.
 */

const PENDING_KEY = 'laurel.oidc.pending';
export const CALLBACK_PATH = '/auth/callback';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  next: string;
  issuer: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
  audience: string | null;
}

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: a verifier of 43 characters (RFC 7636 §4.1 asks 43–128). */
export function randomToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`OIDC discovery failed (${response.status})`);
  const doc = (await response.json()) as Discovery;
  // The issuer the document names must be the one configured (OIDC Discovery §4.3).
  if (doc.issuer.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) throw new Error('OIDC discovery names another issuer');
  return doc;
}

/** Sends the browser to the issuer's authorization endpoint. */
export async function startOidcSignIn(config: AuthConfig, next: string): Promise<void> {
  if (!config.issuer || !config.clientId) throw new Error('No OpenID Connect issuer configured');
  const doc = await discover(config.issuer);
  const pending: Pending = {
    verifier: randomToken(),
    state: randomToken(),
    nonce: randomToken(),
    next: safeNext(next),
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: `${window.location.origin}${CALLBACK_PATH}`,
    tokenEndpoint: doc.token_endpoint,
    audience: config.audience,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(doc.authorization_endpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', pending.clientId);
  url.searchParams.set('redirect_uri', pending.redirectUri);
  url.searchParams.set('scope', (config.scopes.length ? config.scopes : ['openid']).join(' '));
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await codeChallenge(pending.verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (pending.audience) url.searchParams.set('resource', pending.audience);
  window.location.assign(url.toString());
}

/**
 * Finishes the sign-in on the callback page: takes `code` and `state` from the URL, removes them from
 * history, checks the state, redeems the code with the verifier, starts the session. Answers where to go.
 */
export async function completeOidcSignIn(location: Location = window.location): Promise<string> {
  const params = new URLSearchParams(location.search);
  // Nothing of the answer stays in the address bar or history.
  window.history.replaceState(null, '', CALLBACK_PATH);
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new Error('No sign-in was started in this tab');
  const pending = JSON.parse(raw) as Pending;
  const error = params.get('error');
  if (error) throw new Error(`The identity provider refused: ${error}${params.get('error_description') ? ` (${params.get('error_description')})` : ''}`);
  const code = params.get('code');
  if (!code || params.get('state') !== pending.state) throw new Error('The sign-in answer does not match the request (state)');
  const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier });
  if (pending.audience) body.set('resource', pending.audience);
  const response = await fetch(pending.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body });
  if (!response.ok) throw new Error(`The identity provider did not issue a token (${response.status})`);
  const tokens = (await response.json()) as { access_token?: string; expires_in?: number; id_token?: string };
  if (!tokens.access_token) throw new Error('The identity provider answered without an access token');
  if (tokens.id_token && idTokenNonce(tokens.id_token) !== pending.nonce) throw new Error('The ID token was not issued for this sign-in (nonce)');
  await startSession(tokens.access_token, 'oidc', tokens.expires_in);
  return pending.next;
}

function idTokenNonce(idToken: string): string | undefined {
  try {
    const payload = idToken.split('.')[1] ?? '';
    return (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { nonce?: string }).nonce;
  } catch {
    return undefined;
  }
}

/** The configuration, for pages that only have the callback. */
export { fetchAuthConfig };
