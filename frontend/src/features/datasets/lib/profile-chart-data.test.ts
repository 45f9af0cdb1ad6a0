import { describe, expect, it } from 'vitest';

import {
  barsData,
  formatScalar,
  histogramData,
  histogramRange,
  worthCharting,
} from './profile-chart-data';

describe('profile chart data', () => {
  it('labels histogram bins by their edges', () => {
    const histogram = { edges: [0, 5, 10], counts: [3, 7] };
    expect(histogramData(histogram)).toEqual([
      { label: '0 – 5', value: 3 },
      { label: '5 – 10', value: 7 },
    ]);
    expect(histogramRange(histogram)).toEqual(['0', '10']);
  });

  it('shows datetime edges as dates', () => {
    expect(formatScalar('2024-03-01T00:00:00')).toBe('2024-03-01');
    expect(formatScalar(1234567)).toBe('1.23M');
    expect(formatScalar(null)).toBe('—');
  });

  it('adds the long tail as "Other values"', () => {
    expect(barsData({ labels: ['a', null], counts: [5, 2], other: 4 })).toEqual([
      { label: 'a', value: 5 },
      { label: '(missing)', value: 2 },
      { label: 'Other values', value: 4 },
    ]);
  });

  it('does not chart frequencies of identifiers or all-unique values', () => {
    expect(worthCharting([1, 1, 1], 'text')).toBe(false);
    expect(worthCharting([5, 2], 'identifier')).toBe(false);
    expect(worthCharting([5, 1], 'categorical')).toBe(true);
  });
});
