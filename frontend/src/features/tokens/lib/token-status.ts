import type { ApiTokenRead } from '@/api';

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: ApiTokenRead, now: Date = new Date()): TokenStatus {
  if (token.revoked_at) return 'revoked';
  if (token.expires_at && new Date(token.expires_at).getTime() <= now.getTime()) return 'expired';
  return 'active';
}

export const EXPIRY_CHOICES = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

/** The API's expires_in_days for a choice (null = never expires). */
export function expiresInDays(choice: string): number | null {
  return choice === 'never' ? null : Number(choice);
}
