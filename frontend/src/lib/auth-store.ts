/**
 * Session state. The access token lives only in memory (never persisted, so a script reading
 * storage cannot lift a bearer). The refresh token never reaches this code: the server keeps it
 * in an httpOnly, SameSite=Strict cookie scoped to /api/v1/auth, which scripts cannot read.
 * localStorage holds only a "signed in" flag (not a credential) so a reload knows to refresh,
 * and other tabs see sign-out through the `storage` event.
 */
// `refresh_token` is what API clients get in the body; this app ignores it and uses the cookie.
export type TokenPair = { access_token: string; expires_in: number; refresh_token?: string | null };

export type SessionEndReason = 'signed_out' | 'expired';

export type SessionState = {
  status: 'authenticated' | 'anonymous';
  /**
   * Why this tab's session ended: the user signed out, or a refresh failed. Null when signed in,
   * or signed out since page load (nothing to explain).
   */
  endedBy: SessionEndReason | null;
};

export const SIGNED_IN_KEY = 'csv-analyzer.signed-in';
/** Where releases before the cookie kept the refresh token: used once to move to the cookie. */
export const LEGACY_REFRESH_TOKEN_KEY = 'csv-analyzer.refresh-token';
// Refresh a little before the access token's expiry to avoid a guaranteed 401.
const EXPIRY_MARGIN_MS = 10_000;

let accessToken: string | null = null;
let accessExpiresAt = 0;
let state: SessionState = initialState();
const listeners = new Set<() => void>();

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode, quota): the session then lasts until reload.
  }
}

function signedIn(): boolean {
  return read(SIGNED_IN_KEY) === '1' || read(LEGACY_REFRESH_TOKEN_KEY) !== null;
}

function initialState(): SessionState {
  return { status: signedIn() ? 'authenticated' : 'anonymous', endedBy: null };
}

function setState(next: SessionState): void {
  if (next.status === state.status && next.endedBy === state.endedBy) return;
  state = next;
  for (const listener of listeners) listener();
}

export const authStore = {
  getState(): SessionState {
    return state;
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /** The in-memory access token, or null when missing or about to expire. */
  getAccessToken(): string | null {
    if (!accessToken || Date.now() >= accessExpiresAt - EXPIRY_MARGIN_MS) return null;
    return accessToken;
  },

  /** Whether this browser has a sign-in the session cookie can renew. */
  hasSession(): boolean {
    return signedIn();
  },

  /** A refresh token stored by an earlier release, to exchange once for the cookie. */
  legacyRefreshToken(): string | null {
    return read(LEGACY_REFRESH_TOKEN_KEY);
  },

  setTokens(pair: TokenPair): void {
    accessToken = pair.access_token;
    accessExpiresAt = Date.now() + pair.expires_in * 1000;
    write(SIGNED_IN_KEY, '1');
    write(LEGACY_REFRESH_TOKEN_KEY, null);
    setState({ status: 'authenticated', endedBy: null });
  },

  /** Forgets the session; `reason` lets the login page explain why the user is back. */
  clear(reason: SessionEndReason = 'signed_out'): void {
    accessToken = null;
    accessExpiresAt = 0;
    write(SIGNED_IN_KEY, null);
    write(LEGACY_REFRESH_TOKEN_KEY, null);
    setState({ status: 'anonymous', endedBy: reason });
  },

  /** Re-reads storage; used on start-up, in tests, and when another tab changes the session. */
  reload(): void {
    const active = signedIn();
    if (!active) {
      accessToken = null;
      accessExpiresAt = 0;
    }
    setState({ status: active ? 'authenticated' : 'anonymous', endedBy: null });
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === SIGNED_IN_KEY || event.key === null) authStore.reload();
  });
}
