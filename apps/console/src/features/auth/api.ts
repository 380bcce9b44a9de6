import type { Schemas } from '../../api/types';
import { api } from '../../lib/api';
import { setSession, tokenExpiry, type SignedInUser } from '../../lib/auth';

// The sign-in views, typed by the OpenAPI document (src/api/schema.d.ts) so the console and the API cannot drift.

/** GET /auth/config. */
export type AuthConfig = Schemas['AuthConfigView'];

/** A user the development sign-in offers (GET /auth/dev-users, embedded mode only). */
export type DevUser = Schemas['DevUserView'];

export const authKeys = {
  config: ['auth', 'config'] as const,
  devUsers: ['auth', 'dev-users'] as const,
};

export const fetchAuthConfig = () => api<AuthConfig>('GET', '/auth/config', { anonymous: true });

export const fetchDevUsers = () => api<Schemas['DevUsersView']>('GET', '/auth/dev-users', { anonymous: true });

/** Completes a sign-in: asks /me who the token names, then keeps the session in memory. */
export async function startSession(token: string, kind: 'dev' | 'oidc', expiresInSeconds?: number): Promise<void> {
  const me = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!me.ok) throw new Error(`sign-in failed (${me.status})`);
  const fromToken = tokenExpiry(token);
  const expiresAt = fromToken ?? (expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null);
  // Typed as the document's MeView: it must stay assignable to the session's SignedInUser.
  const user: SignedInUser = (await me.json()) as Schemas['MeView'];
  setSession({ token, kind, expiresAt, user });
}

export async function devSignIn(userId: string): Promise<void> {
  const { token } = await api<Schemas['DevTokenView']>('POST', '/auth/dev-token', { anonymous: true, body: { userId } });
  await startSession(token, 'dev');
}

/** Where to go after signing in: only a path of this app (never another origin: `//evil`, `https:`). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
