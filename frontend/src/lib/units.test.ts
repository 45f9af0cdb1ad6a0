import { describe, expect, it } from 'vitest';

import type { ColumnUnit } from '@/api';

import { formatWithUnit, unitLabel } from './units';

const dollar: ColumnUnit = { kind: 'currency', symbol: '$', position: 'prefix', scale: 1 };
const euro: ColumnUnit = { kind: 'currency', symbol: '€', position: 'suffix', scale: 1 };
const percent: ColumnUnit = { kind: 'percent', symbol: '%', position: 'suffix', scale: 100 };

describe('formatWithUnit', () => {
  it('writes currency amounts with their symbol, grouped, cents only when there are cents', () => {
    expect(formatWithUnit(1200, dollar)).toBe('$1,200');
    expect(formatWithUnit(-40, dollar)).toBe('-$40');
    expect(formatWithUnit(12.5, dollar)).toBe('$12.50');
    expect(formatWithUnit(1234.5, euro)).toBe('1,234.50\u00a0€');
    expect(formatWithUnit(312_456.789, dollar)).toBe('$312,456.79');
  });

  it('scales percents back to how the file wrote them, without binary noise', () => {
    expect(formatWithUnit(0.055, percent)).toBe('5.5%');
    expect(formatWithUnit(1, percent)).toBe('100%');
    expect(formatWithUnit(-0.125, percent)).toBe('-12.5%');
  });

  it('labels a unit for headers and fields', () => {
    expect(unitLabel(dollar)).toBe('in $');
    expect(unitLabel(percent)).toBe('in %');
  });
});
