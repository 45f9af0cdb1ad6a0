import { describe, expect, it } from 'vitest';

import type { ApiTokenRead } from '@/api';

import { expiresInDays, tokenStatus } from './token-status';

const base: ApiTokenRead = {
  id: 't',
  name: 'n',
  prefix: 'csa_',
  created_at: '2026-01-01T00:00:00Z',
  expires_at: null,
  last_used_at: null,
  revoked_at: null,
};

describe('tokenStatus', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('is active, expired or revoked', () => {
    expect(tokenStatus(base, now)).toBe('active');
    expect(tokenStatus({ ...base, expires_at: '2026-05-01T00:00:00Z' }, now)).toBe('expired');
    expect(tokenStatus({ ...base, revoked_at: '2026-02-01T00:00:00Z' }, now)).toBe('revoked');
  });

  it('maps the expiry choice', () => {
    expect(expiresInDays('never')).toBeNull();
    expect(expiresInDays('90')).toBe(90);
  });
});
