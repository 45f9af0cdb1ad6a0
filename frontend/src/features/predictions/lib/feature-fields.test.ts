import { describe, expect, it } from 'vitest';

import { fieldsFromSchema, rangeHint, toRequestRow, typicalRow } from './feature-fields';

const schema = [
  { name: 'age', type: 'integer', required: true, min: 18, max: 80, median: 47.4, example: 26 },
  {
    name: 'income',
    type: 'numeric',
    required: true,
    min: 5581.79,
    max: 90713.25,
    median: 50328.37,
  },
  {
    name: 'city',
    type: 'categorical',
    required: false,
    categories: ['Paris', 'Lyon'],
    example: 'Lyon',
  },
  { name: 'vip', type: 'boolean', required: true, categories: [false, true] },
  {
    name: 'signup',
    type: 'datetime',
    min: '2024-01-01T00:00:00',
    max: '2024-12-27T00:00:00',
    example: '2024-05-04T00:00:00',
  },
  {
    name: 'seen_at',
    type: 'datetime',
    min: '2024-01-01T08:15:00',
    max: '2024-02-01T10:00:00',
    example: '2024-01-03T09:30:00',
  },
  { name: 'note', type: 'text', example: 'hello' },
];

describe('fieldsFromSchema', () => {
  it('chooses an input per type', () => {
    const kinds = Object.fromEntries(fieldsFromSchema(schema).map((f) => [f.name, f.kind]));
    expect(kinds).toEqual({
      age: 'integer',
      income: 'number',
      city: 'category',
      vip: 'boolean',
      signup: 'date',
      seen_at: 'datetime',
      note: 'text',
    });
  });

  it('describes the training range of numbers', () => {
    const [age, income] = fieldsFromSchema(schema);
    expect(rangeHint(age!)).toBe('Training range 18 – 80 (median 47.4)');
    expect(rangeHint(income!)).toBe('Training range 5,581.79 – 90,713.25 (median 50,328.37)');
  });
});

describe('typicalRow and toRequestRow', () => {
  const fields = fieldsFromSchema(schema);

  it('prefills medians, the most frequent level and example dates', () => {
    expect(typicalRow(fields)).toEqual({
      age: 47,
      income: 50328.37,
      city: 'Paris',
      vip: 'false',
      signup: '2024-05-04',
      seen_at: '2024-01-03T09:30',
      note: 'hello',
    });
  });

  it('types the values for the API and sends empty inputs as null', () => {
    const values = { ...typicalRow(fields), age: '52', city: '', vip: 'true' };
    expect(toRequestRow(values, fields)).toEqual({
      age: 52,
      income: 50328.37,
      city: null,
      vip: true,
      signup: '2024-05-04',
      seen_at: '2024-01-03T09:30',
      note: 'hello',
    });
  });
});
