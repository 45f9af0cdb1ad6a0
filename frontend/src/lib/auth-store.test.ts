import { beforeEach, describe, expect, it, vi } from 'vitest';

import { authStore, REFRESH_TOKEN_KEY } from './auth-store';

const pair = { access_token: 'a1', refresh_token: 'r1', expires_in: 900 };

beforeEach(() => {
  vi.useRealTimers();
  authStore.clear();
});

describe('authStore', () => {
  it('keeps the access token in memory and only the refresh token in localStorage', () => {
    authStore.setTokens(pair);

    expect(authStore.getAccessToken()).toBe('a1');
    expect(window.localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('r1');
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('a1');
    expect(authStore.getState()).toEqual({ status: 'authenticated', endedBy: null });
  });

  it('treats an access token about to expire as missing', () => {
    vi.useFakeTimers();
    authStore.setTokens({ ...pair, expires_in: 60 });
    vi.advanceTimersByTime(55_000);
    expect(authStore.getAccessToken()).toBeNull();
    expect(authStore.getRefreshToken()).toBe('r1');
  });

  it('clear() forgets both tokens and records why the session ended', () => {
    authStore.setTokens(pair);
    authStore.clear('expired');

    expect(authStore.getAccessToken()).toBeNull();
    expect(authStore.getRefreshToken()).toBeNull();
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

  it('a stored refresh token means signed in after a reload', () => {
    window.localStorage.setItem(REFRESH_TOKEN_KEY, 'r9');
    authStore.reload();

    expect(authStore.getState().status).toBe('authenticated');
    expect(authStore.getAccessToken()).toBeNull();
  });

  it('signs out when another tab removes the refresh token', () => {
    authStore.setTokens(pair);
    window.localStorage.removeItem(REFRESH_TOKEN_KEY);
    window.dispatchEvent(new StorageEvent('storage', { key: REFRESH_TOKEN_KEY, newValue: null }));

    expect(authStore.getState().status).toBe('anonymous');
    expect(authStore.getAccessToken()).toBeNull();
  });
});
