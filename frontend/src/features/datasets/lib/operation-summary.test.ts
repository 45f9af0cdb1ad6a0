import { describe, expect, it } from 'vitest';

import { describeOperation, describeOrigin, reportSteps } from './operation-summary';

describe('describeOperation', () => {
  it.each([
    [{ op: 'drop_rows', row_ids: [1, 2] }, 'Dropped 2 rows'],
    [{ op: 'drop_rows', row_ids: [7] }, 'Dropped 1 row'],
    [{ op: 'impute', column: 'age', strategy: 'median' }, 'Filled missing age with the median'],
    [
      { op: 'impute', column: 'city', strategy: 'constant', value: 'n/a' },
      'Filled missing city with n/a',
    ],
    [{ op: 'cast_column', column: 'zip', to: 'text' }, 'Changed zip to text'],
    [{ op: 'rename_column', column: 'a', new_name: 'b' }, 'Renamed a to b'],
    [{ op: 'drop_columns', columns: ['a', 'b'] }, 'Dropped columns a, b'],
    [
      { op: 'filter_rows', keep: false, filters: [{ column: 'age', op: 'gt', value: 90 }] },
      'Removed rows where age > 90',
    ],
    [{ op: 'drop_duplicates', columns: null }, 'Dropped duplicate rows (by every column)'],
    [{ op: 'something_new' }, 'something_new'],
  ])('%j -> %s', (operation, expected) => {
    expect(describeOperation(operation)).toBe(expected);
  });
});

describe('describeOrigin', () => {
  it('names uploads, restores and edits', () => {
    expect(describeOrigin('upload', null, [])).toBe('Uploaded');
    expect(describeOrigin('restore', 1, [])).toBe('Restored version 1');
    expect(
      describeOrigin('operations', 2, [
        { op: 'drop_rows', row_ids: [1] },
        { op: 'impute', column: 'age', strategy: 'mean' },
      ]),
    ).toBe('Dropped 1 row; Filled missing age with the mean');
  });
});

describe('reportSteps', () => {
  it("reads the server's step messages, with the rows left when a step removed rows", () => {
    const report = {
      steps: [
        { index: 0, op: 'drop_rows', message: 'dropped 2 rows', rows_after: 1998 },
        { index: 1, op: 'impute', message: "filled 36 missing values of 'age' with 49" },
      ],
    };
    expect(reportSteps(report)).toEqual([
      'Dropped 2 rows (1,998 rows left)',
      "Filled 36 missing values of 'age' with 49",
    ]);
  });

  it('is empty without a report', () => {
    expect(reportSteps(null)).toEqual([]);
    expect(reportSteps({ steps: 'nope' })).toEqual([]);
  });
});
