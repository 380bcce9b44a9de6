import { api } from '../../lib/api';
import { setSession, tokenExpiry, type SignedInUser } from '../../lib/auth';

export interface AuthConfig {
  issuer: string | null;
  clientId: string | null;
  scopes: string[];
  audience: string | null;
  devTokens: boolean;
}

export const authKeys = { config: ['auth', 'config'] as const };

export const fetchAuthConfig = () => api<AuthConfig>('GET', '/auth/config', { anonymous: true });

/** Completes a sign-in: asks /me who the token names, then keeps the session in memory. */
export async function startSession(token: string, kind: 'dev' | 'oidc'): Promise<void> {
  const me = await fetch('/api/v1/me', { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
  if (!me.ok) throw new Error(`sign-in failed (${me.status})`);
  setSession({ token, kind, expiresAt: tokenExpiry(token), user: (await me.json()) as SignedInUser });
}

export async function devSignIn(userId: string): Promise<void> {
  const { token } = await api<{ token: string }>('POST', '/auth/dev-token', { anonymous: true, body: { userId } });
  await startSession(token, 'dev');
}
