import { describe, expect, it } from 'vitest';

import { formatBytes, formatDateTime, formatDuration, formatNumber } from './formatters';

describe('formatters', () => {
  it('formats numbers with grouping', () => {
    expect(formatNumber(1690000)).toBe('1,690,000');
  });

  it.each([
    [0, '0 B'],
    [1536, '1.5 KB'],
    [188 * 1024 * 1024, '188 MB'],
    [-1, '—'],
  ])('formatBytes(%d) = %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });

  it.each([
    [42, '42s'],
    [75, '1m 15s'],
    [3700, '1h 1m'],
  ])('formatDuration(%d) = %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('shows a dash for an invalid date', () => {
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDateTime('2026-03-01T12:30:00Z')).toMatch(/2026/);
  });
});
