import { describe, expect, it } from 'vitest';

import type { FeatureDriftRead, UsageRead } from '@/api';

import { bucketLabel, cadencePreset, driftChartData, usageChartData } from './monitoring';

describe('monitoring transforms', () => {
  it('names special buckets', () => {
    expect(bucketLabel('__missing__')).toBe('(missing)');
    expect(bucketLabel('[1, 2)')).toBe('[1, 2)');
  });

  it('maps drift buckets to chart rows', () => {
    const feature = {
      chart: [{ bucket: '__other__', reference: 0.1, current: 0.4 }],
    } as FeatureDriftRead;
    expect(driftChartData(feature)).toEqual([{ bucket: '(other)', reference: 0.1, current: 0.4 }]);
  });

  it('maps usage buckets to timestamps', () => {
    const usage = {
      series: [
        {
          start: '2026-01-01T00:00:00Z',
          requests: 3,
          rows: 30,
          latency_ms_p50: 5,
          latency_ms_p95: null,
          latency_ms_max: 9,
        },
      ],
    } as UsageRead;
    expect(usageChartData(usage)).toEqual([
      { t: Date.UTC(2026, 0, 1), requests: 3, rows: 30, p50: 5, p95: null },
    ]);
  });

  it('recognises preset cadences', () => {
    expect(cadencePreset('daily')).toBe('daily');
    expect(cadencePreset('0 2 * * 1-5')).toBe('custom');
  });
});
