/**
 * Session tokens. The access token lives only in memory (never persisted, so a script reading
 * storage cannot lift a long-lived bearer); the refresh token is kept in localStorage so a reload
 * keeps the user signed in. Other tabs see sign-out through the `storage` event.
 */
export type TokenPair = { access_token: string; refresh_token: string; expires_in: number };

export type SessionState = {
  status: 'authenticated' | 'anonymous';
  /** True when the session ended because a refresh failed (not because the user signed out). */
  expired: boolean;
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
  return { status: readRefreshToken() ? 'authenticated' : 'anonymous', expired: false };
}

function setState(next: SessionState): void {
  if (next.status === state.status && next.expired === state.expired) return;
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
    setState({ status: 'authenticated', expired: false });
  },

  /** Forgets both tokens. `expired` tells the login page to explain why the user is back. */
  clear(options: { expired?: boolean } = {}): void {
    accessToken = null;
    accessExpiresAt = 0;
    writeRefreshToken(null);
    setState({ status: 'anonymous', expired: options.expired ?? false });
  },

  /** Re-reads storage; used on start-up, in tests, and when another tab changes the session. */
  reload(): void {
    const refresh = readRefreshToken();
    if (!refresh) {
      accessToken = null;
      accessExpiresAt = 0;
    }
    setState({ status: refresh ? 'authenticated' : 'anonymous', expired: false });
  },
};

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === REFRESH_TOKEN_KEY || event.key === null) authStore.reload();
  });
}
