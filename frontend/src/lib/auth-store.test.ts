import { beforeEach, describe, expect, it, vi } from 'vitest';

import { authStore, LEGACY_REFRESH_TOKEN_KEY, SIGNED_IN_KEY } from './auth-store';

const pair = { access_token: 'a1', refresh_token: 'r1', expires_in: 900 };

beforeEach(() => {
  vi.useRealTimers();
  authStore.clear();
});

describe('authStore', () => {
  it('keeps the access token in memory and no token at all in localStorage', () => {
    authStore.setTokens(pair);

    expect(authStore.getAccessToken()).toBe('a1');
    const stored = JSON.stringify({ ...window.localStorage });
    expect(stored).not.toContain('a1');
    expect(stored).not.toContain('r1'); // the refresh token lives in the httpOnly cookie
    expect(window.localStorage.getItem(SIGNED_IN_KEY)).toBe('1');
    expect(authStore.getState()).toEqual({ status: 'authenticated', endedBy: null });
  });

  it('treats an access token about to expire as missing', () => {
    vi.useFakeTimers();
    authStore.setTokens({ ...pair, expires_in: 60 });
    vi.advanceTimersByTime(55_000);
    expect(authStore.getAccessToken()).toBeNull();
    expect(authStore.hasSession()).toBe(true);
  });

  it('clear() forgets the session and records why it ended', () => {
    authStore.setTokens(pair);
    authStore.clear('expired');

    expect(authStore.getAccessToken()).toBeNull();
    expect(authStore.hasSession()).toBe(false);
    expect(window.localStorage.getItem(SIGNED_IN_KEY)).toBeNull();
    expect(authStore.getState()).toEqual({ status: 'anonymous', endedBy: 'expired' });
  });

  it('notifies subscribers only when the state changes', () => {
    const listener = vi.fn();
    const unsubscribe = authStore.subscribe(listener);
    authStore.setTokens(pair);
    authStore.setTokens({ ...pair, access_token: 'a2' }); // same state: still authenticated
    authStore.clear();
    unsubscribe();
    authStore.setTokens(pair);

    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('a signed-in flag means signed in after a reload', () => {
    window.localStorage.setItem(SIGNED_IN_KEY, '1');
    authStore.reload();

    expect(authStore.getState().status).toBe('authenticated');
    expect(authStore.getAccessToken()).toBeNull();
  });

  it('a refresh token left by an earlier release is offered once, then removed', () => {
    window.localStorage.setItem(LEGACY_REFRESH_TOKEN_KEY, 'old-r');
    authStore.reload();
    expect(authStore.hasSession()).toBe(true);
    expect(authStore.legacyRefreshToken()).toBe('old-r');

    authStore.setTokens(pair); // exchanged: the cookie takes over

    expect(authStore.legacyRefreshToken()).toBeNull();
    expect(window.localStorage.getItem(LEGACY_REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('signs out when another tab signs out', () => {
    authStore.setTokens(pair);
    window.localStorage.removeItem(SIGNED_IN_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: SIGNED_IN_KEY, newValue: null }));

    expect(authStore.getState().status).toBe('anonymous');
    expect(authStore.getAccessToken()).toBeNull();
  });
});
