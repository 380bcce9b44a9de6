import { useSyncExternalStore } from 'react';

/** The signed-in user as GET /api/v1/me describes them. */
export interface SignedInUser {
  userId: string;
  name: string;
  email: string;
  roles: string[];
  unitId: string;
}

export interface Session {
  token: string;
  /** Epoch milliseconds from the token's `exp`, if it has one. */
  expiresAt: number | null;
  user: SignedInUser;
  /** `dev` for development tokens (embedded mode), `oidc` for the issuer's. */
  kind: 'dev' | 'oidc';
}

// Tokens live in memory only: never in localStorage, URLs or logs (a reload signs out).
let session: Session | null = null;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();
let expiredFlag = false;

function emit(): void {
  for (const listener of listeners) listener();
}

/** The `exp` claim of a JWT, in epoch milliseconds (no verification: the API verifies). */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function setSession(next: Session | null): void {
  clearTimeout(expiryTimer);
  session = next;
  expiredFlag = false;
  if (next?.expiresAt) {
    // Sign out a little before the token expires, and say why.
    const delay = Math.max(0, next.expiresAt - Date.now() - 5_000);
    expiryTimer = setTimeout(() => {
      session = null;
      expiredFlag = true;
      emit();
    }, Math.min(delay, 2 ** 31 - 1));
  }
  emit();
}

export function currentToken(): string | null {
  return session?.token ?? null;
}

/** Called by the API layer when the API answers 401 to a signed-in request. */
export function expireSession(): void {
  if (!session) return;
  session = null;
  expiredFlag = true;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, () => session);
}

/** True after a session ended by expiry (the shell shows a notice). */
export function useSessionExpired(): boolean {
  return useSyncExternalStore(subscribe, () => expiredFlag);
}

export function hasRole(s: Session | null, ...roles: string[]): boolean {
  return !!s && s.user.roles.some((r) => roles.includes(r));
}
