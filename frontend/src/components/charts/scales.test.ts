import { describe, expect, it } from 'vitest';

import { compactNumber, divergingColor, niceTicks, textColorOn } from './scales';

describe('niceTicks', () => {
  it('covers the maximum with round steps', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});

describe('divergingColor', () => {
  it('is near-white at 0, red for +1, blue for -1, grey when undefined', () => {
    expect(divergingColor(0)).toBe('rgb(248, 249, 250)');
    expect(divergingColor(1)).toBe('rgb(220, 38, 38)');
    expect(divergingColor(-1)).toBe('rgb(37, 99, 235)');
    expect(divergingColor(null)).toMatch(/gray/);
  });

  it('puts white text on saturated cells only', () => {
    expect(textColorOn(0.9)).toBe('white');
    expect(textColorOn(0.1)).not.toBe('white');
  });
});

describe('compactNumber', () => {
  it('keeps three significant digits', () => {
    expect(compactNumber(1234)).toBe('1.23K');
    expect(compactNumber(0.5)).toBe('0.5');
    expect(compactNumber(0.0001234)).toBe('1.23e-4');
  });
});
