import { formatNumber } from '@/lib/formatters';

import { describeFilter, type FilterCondition } from './filter-grammar';

/** Stored operations are JSON objects keyed by `op`; anything unknown still gets a line. */
export type StoredOperation = { [key: string]: unknown };

const IMPUTE_LABELS: Record<string, string> = {
  mean: 'the mean',
  median: 'the median',
  most_frequent: 'the most frequent value',
};

function str(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function list(value: unknown): string {
  return Array.isArray(value) ? value.map(str).join(', ') : 'every column';
}

function filters(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((f) =>
      describeFilter({ ...(f as FilterCondition), value: str((f as FilterCondition).value ?? '') }),
    )
    .join(' and ');
}

/** One sentence saying what an operation does: "Dropped 2 rows", "Filled missing age with the median". */
export function describeOperation(operation: StoredOperation): string {
  switch (operation.op) {
    case 'drop_rows': {
      const count = Array.isArray(operation.row_ids) ? operation.row_ids.length : 0;
      return `Dropped ${formatNumber(count)} ${count === 1 ? 'row' : 'rows'}`;
    }
    case 'filter_rows':
      return `${operation.keep === false ? 'Removed' : 'Kept'} rows where ${filters(operation.filters)}`;
    case 'drop_columns': {
      const count = Array.isArray(operation.columns) ? operation.columns.length : 0;
      return `Dropped ${count === 1 ? 'column' : 'columns'} ${list(operation.columns)}`;
    }
    case 'rename_column':
      return `Renamed ${str(operation.column)} to ${str(operation.new_name)}`;
    case 'cast_column':
      return `Changed ${str(operation.column)} to ${str(operation.to)}`;
    case 'impute': {
      const how =
        operation.strategy === 'constant'
          ? str(operation.value)
          : (IMPUTE_LABELS[str(operation.strategy)] ?? str(operation.strategy));
      return `Filled missing ${str(operation.column)} with ${how}`;
    }
    case 'drop_missing':
      return `Dropped rows missing ${operation.how === 'all' ? 'all' : 'any'} of ${list(operation.columns)}`;
    case 'drop_duplicates':
      return `Dropped duplicate rows (by ${list(operation.columns)})`;
    case 'clip_outliers':
      return `Clipped outliers of ${str(operation.column)} (${operation.method === 'quantile' ? 'quantiles' : 'IQR'})`;
    case 'normalize_text': {
      const parts = [
        operation.trim === false ? null : 'trimmed',
        operation.case && operation.case !== 'none' ? `${str(operation.case)} case` : null,
      ];
      return `Normalized ${str(operation.column)} (${parts.filter(Boolean).join(', ') || 'unchanged'})`;
    }
    default:
      return `${str(operation.op ?? 'operation')}`;
  }
}

/** How a version came to be, in words. */
export function describeOrigin(
  origin: string,
  parent: number | null,
  operations: StoredOperation[],
): string {
  if (origin === 'upload') return 'Uploaded';
  if (origin === 'restore') return parent ? `Restored version ${parent}` : 'Restored';
  if (operations.length === 0) return 'Edited';
  return operations.map(describeOperation).join('; ');
}

type ReportStep = { message?: unknown; rows_after?: unknown };

/**
 * The server's own account of each step of a version (`cleaning_report.steps`): "filled 36
 * missing values of 'age' with 49 (400 rows left)". Empty when there is no report.
 */
export function reportSteps(report: unknown): string[] {
  if (typeof report !== 'object' || report === null) return [];
  const steps = (report as { steps?: unknown }).steps;
  if (!Array.isArray(steps)) return [];
  return steps.flatMap((step: ReportStep) => {
    if (typeof step?.message !== 'string' || !step.message) return [];
    const text = step.message.charAt(0).toUpperCase() + step.message.slice(1);
    return typeof step.rows_after === 'number'
      ? [`${text} (${formatNumber(step.rows_after)} rows left)`]
      : [text];
  });
}
