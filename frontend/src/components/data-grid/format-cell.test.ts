import { describe, expect, it } from 'vitest';

import { formatCell, isMissing } from './format-cell';

describe('formatCell', () => {
  it('shows floats without binary noise and keeps other values as they are', () => {
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(42)).toBe('42');
    expect(formatCell(true)).toBe('true');
    expect(formatCell('Paris')).toBe('Paris');
  });

  it('treats null and undefined as missing', () => {
    expect(isMissing(null)).toBe(true);
    expect(isMissing(0)).toBe(false);
    expect(formatCell(null)).toBe('');
  });
});
