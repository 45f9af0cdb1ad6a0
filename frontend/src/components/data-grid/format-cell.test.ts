import { describe, expect, it } from 'vitest';

import { formatCell, isMissing } from './format-cell';

describe('formatCell', () => {
  it('shows floats without binary noise and keeps other values as they are', () => {
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(42)).toBe('42');
    expect(formatCell(true)).toBe('true');
    expect(formatCell('Paris')).toBe('Paris');
  });

  it('groups thousands in number columns from 10,000 up, leaving years and codes as typed', () => {
    expect(formatCell(1_250_000, { group: true })).toBe('1,250,000');
    expect(formatCell(-34_567.125, { group: true })).toBe('-34,567.125');
    expect(formatCell(2024, { group: true })).toBe('2024');
    expect(formatCell(0.1 + 0.2, { group: true })).toBe('0.3');
    expect(formatCell(1_250_000)).toBe('1250000');
  });

  it('writes a column with a unit as its file did', () => {
    const dollar = { kind: 'currency', symbol: '$', position: 'prefix', scale: 1 } as const;
    expect(formatCell(300_000, { group: true, unit: dollar })).toBe('$300,000');
    expect(formatCell(null, { group: true, unit: dollar })).toBe('');
  });

  it('treats null and undefined as missing', () => {
    expect(isMissing(null)).toBe(true);
    expect(isMissing(0)).toBe(false);
    expect(formatCell(null)).toBe('');
  });
});
