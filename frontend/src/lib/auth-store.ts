/**
 * Session tokens. The access token lives only in memory (never persisted, so a script reading
 * storage cannot lift a long-lived bearer); the refresh token is kept in localStorage so a reload
 * keeps the user signed in. Other tabs see sign-out through the `storage` event.
 */
export type TokenPair = { access_token: string; refresh_token: string; expires_in: number };

export type SessionEndReason = 'signed_out' | 'expired';

export type SessionState = {
  status: 'authenticated' | 'anonymous';
  /**
   * Why this tab's session ended: the user signed out, or a refresh failed. Null when signed in,
   * or signed out since page load (nothing to explain).
   */
  endedBy: SessionEndReason | null;
};

export const REFRESH_TOKEN_KEY = 'csv-analyzer.refresh-token';
// Refresh a little before the access token's expiry to avoid a guaranteed 401.
const EXPIRY_MARGIN_MS = 10_000;

let accessToken: string | null = null;
let accessExpiresAt = 0;
let state: SessionState = initialState();
const listeners = new Set<() => void>();

function readRefreshToken(): string | null {
  try {
    return window.localStorage.getItem(REFRESH_TOKEN_KEY);
  } catch {
    return null;
  }
}

function writeRefreshToken(token: string | null): void {
  try {
    if (token === null) window.localStorage.removeItem(REFRESH_TOKEN_KEY);
    else window.localStorage.setItem(REFRESH_TOKEN_KEY, token);
  } catch {
    // Storage can be unavailable (private mode, quota): the session then lasts until reload.
  }
}

function initialState(): SessionState {
  return { status: readRefreshToken() ? 'authenticated' : 'anonymous', endedBy: null };
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

  getRefreshToken(): string | null {
    return readRefreshToken();
  },

  setTokens(pair: TokenPair): void {
    accessToken = pair.access_token;
    accessExpiresAt = Date.now() + pair.expires_in * 1000;
    writeRefreshToken(pair.refresh_token);
    setState({ status: 'authenticated', endedBy: null });
  },

  /** Forgets both tokens; `reason` lets the login page explain why the user is back. */
  clear(reason: SessionEndReason = 'signed_out'): void {
    accessToken = null;
    accessExpiresAt = 0;
    writeRefreshToken(null);
    setState({ status: 'anonymous', endedBy: reason });
  },

  /** Re-reads storage; used on start-up, in tests, and when another tab changes the session. */
  reload(): void {
    const refresh = readRefreshToken();
    if (!refresh) {
      accessToken = null;
      accessExpiresAt = 0;
    }
    setState({ status: refresh ? 'authenticated' : 'anonymous', endedBy: null });
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === REFRESH_TOKEN_KEY || event.key === null) authStore.reload();
  });
}
