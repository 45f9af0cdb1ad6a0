/**
 * Turns a version's feature schema (the API's typed `FeatureSpec`s) into form fields, a typical
 * row to prefill them, and the typed row the predict API expects.
 */

import type { FeatureSpec } from '@/api';

export type FieldKind =
  'number' | 'integer' | 'category' | 'boolean' | 'date' | 'datetime' | 'text';

export type FormField = {
  name: string;
  kind: FieldKind;
  required: boolean;
  min: number | null;
  max: number | null;
  median: number | null;
  /** Categorical levels, most frequent first (booleans: "true", "false"). */
  options: string[];
  /** Datetime range seen in training (ISO), for a hint. */
  range: [string, string] | null;
  example: unknown;
};

/** Form values are strings (selects, dates, text) or numbers; '' means "leave empty". */
export type FormValues = Record<string, string | number>;

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function looksLikeDateOnly(...values: unknown[]): boolean {
  return values.every(
    (v) => typeof v !== 'string' || /^\d{4}-\d{2}-\d{2}(T00:00:00(\.0+)?)?$/.test(v),
  );
}

function kindOf(entry: FeatureSpec): FieldKind {
  switch (entry.type) {
    case 'integer':
      return 'integer';
    case 'numeric':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'categorical':
      return 'category';
    case 'datetime':
      return looksLikeDateOnly(entry.min, entry.max, entry.example) ? 'date' : 'datetime';
    default:
      return 'text';
  }
}

export function fieldsFromSchema(schema: FeatureSpec[]): FormField[] {
  return schema.map((entry) => {
    const kind = kindOf(entry);
    const options = (entry.categories ?? []).map(String);
    const range: [string, string] | null =
      typeof entry.min === 'string' && typeof entry.max === 'string'
        ? [entry.min, entry.max]
        : null;
    return {
      name: entry.name,
      kind,
      required: entry.required ?? false,
      min: num(entry.min),
      max: num(entry.max),
      median: num(entry.median),
      options: kind === 'boolean' && options.length === 0 ? ['true', 'false'] : options,
      range,
      example: entry.example,
    };
  });
}

/** A date(-time) value as the input element wants it: "2024-03-01" or "2024-03-01T10:30". */
export function toInputDate(value: unknown, kind: 'date' | 'datetime'): string {
  if (typeof value !== 'string') return '';
  return kind === 'date' ? value.slice(0, 10) : value.slice(0, 16);
}

/** A plausible row: medians for numbers, the most frequent level, the example otherwise. */
export function typicalRow(fields: FormField[]): FormValues {
  const row: FormValues = {};
  for (const f of fields) {
    if (f.kind === 'number' || f.kind === 'integer') {
      const v = f.median ?? num(f.example);
      row[f.name] = v === null ? '' : f.kind === 'integer' ? Math.round(v) : v;
    } else if (f.kind === 'category' || f.kind === 'boolean') {
      row[f.name] =
        f.options[0] ?? (f.example === null || f.example === undefined ? '' : String(f.example));
    } else if (f.kind === 'date' || f.kind === 'datetime') {
      row[f.name] = toInputDate(f.example ?? f.range?.[0], f.kind);
    } else {
      row[f.name] = f.example === null || f.example === undefined ? '' : String(f.example);
    }
  }
  return row;
}

/** The JSON row for the predict API: typed values, empty inputs sent as null (missing). */
export function toRequestRow(values: FormValues, fields: FormField[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (v === undefined || v === '') {
      row[f.name] = null;
    } else if (f.kind === 'number' || f.kind === 'integer') {
      const n = typeof v === 'number' ? v : Number(v);
      row[f.name] = Number.isFinite(n) ? n : null;
    } else if (f.kind === 'boolean') {
      row[f.name] = v === 'true' ? true : v === 'false' ? false : v;
    } else {
      row[f.name] = v;
    }
  }
  return row;
}

const RANGE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "Training range 18 – 80 (median 47)" for a number input. */
export function rangeHint(field: FormField): string | null {
  if (field.min === null || field.max === null) return null;
  const fmt = (v: number) => RANGE_FORMAT.format(v);
  const median = field.median === null ? '' : ` (median ${fmt(field.median)})`;
  return `Training range ${fmt(field.min)} – ${fmt(field.max)}${median}`;
}
