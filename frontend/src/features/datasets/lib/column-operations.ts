import type { ImputeStrategy, SemanticType } from '@/api';

import type { Operation } from '../api/use-dataset-mutations';

export type ColumnAction = 'profile' | 'cast' | 'impute' | 'rename' | 'drop';

export type ColumnForm = {
  to?: SemanticType;
  strategy?: ImputeStrategy;
  value?: string;
  newName?: string;
};

export const SEMANTIC_TYPES: { value: SemanticType; label: string }[] = [
  { value: 'numeric', label: 'Numeric (decimal)' },
  { value: 'integer', label: 'Integer' },
  { value: 'boolean', label: 'Boolean' },
  { value: 'categorical', label: 'Categorical' },
  { value: 'datetime', label: 'Date / time' },
  { value: 'text', label: 'Text' },
  { value: 'identifier', label: 'Identifier' },
];

const NUMBER_TYPES: ReadonlySet<SemanticType> = new Set(['numeric', 'integer']);

export function isNumberType(type: SemanticType | undefined): boolean {
  return type !== undefined && NUMBER_TYPES.has(type);
}

/** Mean and median only make sense for numbers; the others work for any column. */
export function imputeStrategiesFor(
  type: SemanticType | undefined,
): { value: ImputeStrategy; label: string }[] {
  const all: { value: ImputeStrategy; label: string }[] = [
    { value: 'median', label: 'Median' },
    { value: 'mean', label: 'Mean' },
    { value: 'most_frequent', label: 'Most frequent value' },
    { value: 'constant', label: 'A constant value' },
  ];
  return isNumberType(type) ? all : all.filter((s) => s.value !== 'mean' && s.value !== 'median');
}

/** A constant for a numeric column goes out as a number, so the server need not guess. */
function constantValue(raw: string, type: SemanticType | undefined): string | number {
  const trimmed = raw.trim();
  return isNumberType(type) && trimmed !== '' && Number.isFinite(Number(trimmed))
    ? Number(trimmed)
    : raw;
}

/**
 * The operation a column menu action asks for, or an error message when the form is incomplete.
 * (`profile` only shows data and has no operation.)
 */
export function buildColumnOperation(
  action: ColumnAction,
  column: string,
  type: SemanticType | undefined,
  form: ColumnForm,
): Operation | string {
  switch (action) {
    case 'cast':
      if (!form.to) return 'Choose a type.';
      if (form.to === type) return `${column} already is ${form.to}.`;
      return { op: 'cast_column', column, to: form.to };
    case 'impute': {
      if (!form.strategy) return 'Choose how to fill the missing values.';
      if (form.strategy !== 'constant') return { op: 'impute', column, strategy: form.strategy };
      if (!form.value?.trim()) return 'Enter the value to fill in.';
      return { op: 'impute', column, strategy: 'constant', value: constantValue(form.value, type) };
    }
    case 'rename': {
      const newName = form.newName?.trim() ?? '';
      if (!newName) return 'Enter the new name.';
      if (newName === column) return 'The new name is the same as the old one.';
      return { op: 'rename_column', column, new_name: newName };
    }
    case 'drop':
      return { op: 'drop_columns', columns: [column] };
    case 'profile':
      return 'Profiling does not change the data.';
  }
}
