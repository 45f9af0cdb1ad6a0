import { describe, expect, it } from 'vitest';

import { buildColumnOperation, imputeStrategiesFor } from './column-operations';

describe('buildColumnOperation', () => {
  it('casts to a new type', () => {
    expect(buildColumnOperation('cast', 'zip', 'integer', { to: 'text' })).toEqual({
      op: 'cast_column',
      column: 'zip',
      to: 'text',
    });
    expect(buildColumnOperation('cast', 'zip', 'text', { to: 'text' })).toBe(
      'zip already is text.',
    );
  });

  it('imputes with a strategy, sending a numeric constant as a number', () => {
    expect(buildColumnOperation('impute', 'age', 'integer', { strategy: 'median' })).toEqual({
      op: 'impute',
      column: 'age',
      strategy: 'median',
    });
    expect(
      buildColumnOperation('impute', 'age', 'integer', { strategy: 'constant', value: ' 42 ' }),
    ).toEqual({
      op: 'impute',
      column: 'age',
      strategy: 'constant',
      value: 42,
    });
    expect(
      buildColumnOperation('impute', 'city', 'categorical', {
        strategy: 'constant',
        value: 'unknown',
      }),
    ).toMatchObject({
      value: 'unknown',
    });
    expect(buildColumnOperation('impute', 'age', 'integer', { strategy: 'constant' })).toBe(
      'Enter the value to fill in.',
    );
  });

  it('renames to a different, non-empty name and drops', () => {
    expect(buildColumnOperation('rename', 'age', 'integer', { newName: ' years ' })).toEqual({
      op: 'rename_column',
      column: 'age',
      new_name: 'years',
    });
    expect(buildColumnOperation('rename', 'age', 'integer', { newName: 'age' })).toMatch(/same/);
    expect(buildColumnOperation('drop', 'age', 'integer', {})).toEqual({
      op: 'drop_columns',
      columns: ['age'],
    });
  });
});

describe('imputeStrategiesFor', () => {
  it('offers mean and median for numbers only', () => {
    expect(imputeStrategiesFor('numeric').map((s) => s.value)).toEqual([
      'median',
      'mean',
      'most_frequent',
      'constant',
    ]);
    expect(imputeStrategiesFor('categorical').map((s) => s.value)).toEqual([
      'most_frequent',
      'constant',
    ]);
  });
});
