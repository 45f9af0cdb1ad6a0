import { describe, expect, it } from 'vitest';

import type { BatchJobRead } from '@/api';

import { batchRowsText, isPartial, problemLines } from './batch-summary';

const base: BatchJobRead = {
  id: 'j',
  model_id: 'm',
  model_version: 1,
  status: 'succeeded',
  progress: { fraction: 0, rows: null, step: null },
  error: null,
  created_at: '2026-12-04T10:00:00Z',
  started_at: null,
  finished_at: null,
  rows_total: null,
  rows_scored: null,
  rows_failed: null,
  rows: null,
  summary: null,
  problems: [],
  warnings: [],
  notes: [],
  download_url: null,
};

describe('batch summary', () => {
  it('says how many rows of how many were scored', () => {
    const job = { ...base, rows_total: 1200, rows_scored: 1187, rows_failed: 13 };
    expect(batchRowsText(job)).toBe('1,187 of 1,200 rows scored');
    expect(isPartial(job)).toBe(true);
  });

  it('counts rows so far while running, and nothing before', () => {
    expect(
      batchRowsText({
        ...base,
        status: 'running',
        progress: { fraction: 0.4, rows: 5000, step: null },
      }),
    ).toBe('5,000 rows so far');
    expect(batchRowsText({ ...base, status: 'queued' })).toBe('');
  });

  it('is not partial when nothing or everything was scored', () => {
    expect(isPartial({ ...base, rows_total: 3, rows_scored: 0, rows_failed: 3 })).toBe(false);
    expect(isPartial({ ...base, rows_total: 3, rows_scored: 3, rows_failed: 0 })).toBe(false);
  });

  it('numbers data rows from 1 and keeps line messages as they are', () => {
    const job = {
      ...base,
      problems: [
        { row: 7, error: "'amount': 'lots' (expected a number)" },
        { line: 6, error: 'line 6 has 8 fields, expected 7' },
      ],
    };
    expect(problemLines(job)).toEqual([
      "row 8: 'amount': 'lots' (expected a number)",
      'line 6 has 8 fields, expected 7',
    ]);
  });
});
