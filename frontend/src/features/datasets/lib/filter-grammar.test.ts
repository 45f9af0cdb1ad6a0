import { describe, expect, it } from 'vitest';

import {
  describeFilter,
  filterProblem,
  nextSort,
  operatorsFor,
  parseFilterParam,
  parseSortParam,
  toFilterParam,
  toSortParam,
} from './filter-grammar';

describe('toFilterParam', () => {
  it('joins column, operator and value with colons', () => {
    expect(toFilterParam({ column: 'age', op: 'ge', value: '30' })).toBe('age:ge:30');
  });

  it('leaves the value out of the null tests', () => {
    expect(toFilterParam({ column: 'age', op: 'is_null', value: 'ignored' })).toBe('age:is_null');
    expect(toFilterParam({ column: 'age', op: 'is_not_null', value: '' })).toBe('age:is_not_null');
  });

  it('keeps colons inside the value', () => {
    expect(toFilterParam({ column: 'time', op: 'eq', value: '12:30:00' })).toBe('time:eq:12:30:00');
  });
});

describe('parseFilterParam', () => {
  it('round-trips what toFilterParam writes', () => {
    const conditions = [
      { column: 'city', op: 'contains', value: 'par' },
      { column: 'time', op: 'lt', value: '12:30' },
      { column: 'age', op: 'is_null', value: '' },
    ] as const;
    for (const condition of conditions) {
      expect(parseFilterParam(toFilterParam(condition))).toEqual(condition);
    }
  });

  it('recognises a known column whose name contains colons', () => {
    expect(parseFilterParam('a:b:eq:1', ['a:b', 'c'])).toEqual({
      column: 'a:b',
      op: 'eq',
      value: '1',
    });
  });

  it.each(['age', ':eq:1', 'age:between:1', 'age:eq'])('rejects %s', (text) => {
    expect(parseFilterParam(text)).toBeNull();
  });
});

describe('operatorsFor', () => {
  it('offers ordering for numbers and dates but no substring test for numbers', () => {
    const numeric = operatorsFor('numeric').map((o) => o.op);
    expect(numeric).toContain('ge');
    expect(numeric).not.toContain('contains');
    expect(operatorsFor('datetime').map((o) => o.op)).toContain('lt');
  });

  it('offers contains but no ordering for text', () => {
    const text = operatorsFor('categorical').map((o) => o.op);
    expect(text).toContain('contains');
    expect(text).not.toContain('lt');
  });
});

describe('filterProblem', () => {
  it('asks for what is missing, in order', () => {
    expect(filterProblem({}, undefined)).toBe('Choose a column.');
    expect(filterProblem({ column: 'age' }, 'integer')).toBe('Choose an operator.');
    expect(filterProblem({ column: 'age', op: 'eq', value: ' ' }, 'integer')).toBe(
      'Enter a value.',
    );
  });

  it('wants a number for a numeric column and nothing for a null test', () => {
    expect(filterProblem({ column: 'age', op: 'gt', value: 'old' }, 'integer')).toBe(
      'Enter a number.',
    );
    expect(filterProblem({ column: 'age', op: 'gt', value: '3.5' }, 'numeric')).toBeNull();
    expect(filterProblem({ column: 'age', op: 'is_null', value: '' }, 'integer')).toBeNull();
  });

  it('accepts numbers written as upload reads them: currency, separators, percent', () => {
    for (const value of ['$300,000', '€1.234,50', '12 %', '-0.5', '1e3', '£ 1 250']) {
      expect(filterProblem({ column: 'price', op: 'ge', value }, 'numeric')).toBeNull();
    }
    for (const value of ['thirty', '$', 'n/a', '3 apples']) {
      expect(filterProblem({ column: 'price', op: 'ge', value }, 'numeric')).toBe(
        'Enter a number.',
      );
    }
  });
});

describe('describeFilter', () => {
  it('reads like a sentence', () => {
    expect(describeFilter({ column: 'age', op: 'ge', value: '30' })).toBe('age ≥ 30');
    expect(describeFilter({ column: 'city', op: 'is_null', value: '' })).toBe('city is missing');
  });
});

describe('sorting', () => {
  it('cycles ascending, descending, unsorted; another column starts ascending', () => {
    const asc = nextSort(null, 'age');
    expect(asc).toEqual({ column: 'age', direction: 'asc' });
    const desc = nextSort(asc, 'age');
    expect(desc).toEqual({ column: 'age', direction: 'desc' });
    expect(nextSort(desc, 'age')).toBeNull();
    expect(nextSort(desc, 'city')).toEqual({ column: 'city', direction: 'asc' });
  });

  it('writes and reads col:direction', () => {
    expect(toSortParam({ column: 'a:b', direction: 'desc' })).toBe('a:b:desc');
    expect(parseSortParam('a:b:desc')).toEqual({ column: 'a:b', direction: 'desc' });
    expect(parseSortParam('age')).toEqual({ column: 'age', direction: 'asc' });
    expect(parseSortParam('age:sideways')).toBeNull();
    expect(toSortParam(null)).toBeUndefined();
  });
});
