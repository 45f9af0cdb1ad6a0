import { describe, expect, it } from 'vitest';

import { compareVersions } from './compare-versions';

describe('compareVersions', () => {
  it('reports count deltas, added, removed and retyped columns, and missing changes', () => {
    const a = {
      rows: 10,
      columns: 3,
      columns_summary: [
        { name: 'age', type: 'integer', missing: 3 },
        { name: 'zip', type: 'integer', missing: 0 },
        { name: 'old', type: 'text', missing: 0 },
      ],
    } as const;
    const b = {
      rows: 8,
      columns: 3,
      columns_summary: [
        { name: 'age', type: 'integer', missing: 0 },
        { name: 'zip', type: 'text', missing: 0 },
        { name: 'new', type: 'text', missing: 1 },
      ],
    } as const;
    expect(
      compareVersions(
        { ...a, columns_summary: [...a.columns_summary] },
        { ...b, columns_summary: [...b.columns_summary] },
      ),
    ).toEqual({
      rows: -2,
      columns: 0,
      added: ['new'],
      removed: ['old'],
      retyped: [{ name: 'zip', from: 'integer', to: 'text' }],
      missing: [{ name: 'age', from: 3, to: 0 }],
    });
  });
});
