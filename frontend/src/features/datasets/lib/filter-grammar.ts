import type { FilterOp, SemanticType } from '@/api';

/** One row filter as the user builds it; `value` is ignored by the null tests. */
export type FilterCondition = { column: string; op: FilterOp; value: string };

export type SortDirection = 'asc' | 'desc';
export type SortState = { column: string; direction: SortDirection };

type OperatorInfo = { op: FilterOp; label: string; symbol: string; needsValue: boolean };

export const FILTER_OPERATORS: readonly OperatorInfo[] = [
  { op: 'eq', label: 'equals', symbol: '=', needsValue: true },
  { op: 'ne', label: 'does not equal', symbol: '≠', needsValue: true },
  { op: 'lt', label: 'less than', symbol: '<', needsValue: true },
  { op: 'le', label: 'at most', symbol: '≤', needsValue: true },
  { op: 'gt', label: 'greater than', symbol: '>', needsValue: true },
  { op: 'ge', label: 'at least', symbol: '≥', needsValue: true },
  { op: 'contains', label: 'contains', symbol: 'contains', needsValue: true },
  { op: 'is_null', label: 'is missing', symbol: 'is missing', needsValue: false },
  { op: 'is_not_null', label: 'is not missing', symbol: 'is not missing', needsValue: false },
];

const OPERATOR_BY_OP = new Map(FILTER_OPERATORS.map((info) => [info.op, info]));

const ORDERED: ReadonlySet<SemanticType> = new Set(['numeric', 'integer', 'datetime']);
const NUMBER: ReadonlySet<SemanticType> = new Set(['numeric', 'integer']);

export function operatorNeedsValue(op: FilterOp): boolean {
  return OPERATOR_BY_OP.get(op)?.needsValue ?? true;
}

/** The operators that make sense for a column type (ordering only for numbers and dates). */
export function operatorsFor(type: SemanticType | undefined): OperatorInfo[] {
  return FILTER_OPERATORS.filter((info) => {
    if (['lt', 'le', 'gt', 'ge'].includes(info.op)) return type !== undefined && ORDERED.has(type);
    if (info.op === 'contains') return type === undefined || !NUMBER.has(type);
    return true;
  });
}

/** `column:op:value` (or `column:op` for the null tests): the API's repeatable `filter=`. */
export function toFilterParam({ column, op, value }: FilterCondition): string {
  return operatorNeedsValue(op) ? `${column}:${op}:${value}` : `${column}:${op}`;
}

/**
 * Reads a `filter=` value back. The value is everything after the second colon; a column whose
 * name contains colons is recognised when `columns` lists it (longest match first, like the API).
 */
export function parseFilterParam(
  text: string,
  columns: readonly string[] = [],
): FilterCondition | null {
  let column: string | null = null;
  let rest = text;
  const named = [...columns].filter((c) => c.includes(':')).sort((a, b) => b.length - a.length);
  for (const name of named) {
    if (text.startsWith(`${name}:`)) {
      column = name;
      rest = text.slice(name.length + 1);
      break;
    }
  }
  if (column === null) {
    const at = text.indexOf(':');
    if (at <= 0) return null;
    column = text.slice(0, at);
    rest = text.slice(at + 1);
  }
  const at = rest.indexOf(':');
  const opText = at === -1 ? rest : rest.slice(0, at);
  const info = FILTER_OPERATORS.find((candidate) => candidate.op === opText);
  if (!info) return null;
  if (info.needsValue && at === -1) return null;
  return { column, op: info.op, value: info.needsValue ? rest.slice(at + 1) : '' };
}

/**
 * Whether a value is a number as upload reads one: "$300,000", "1.234,5", "12 %", "-0.5", "1e3".
 * The server parses it (and refuses what does not fit the column); this only catches words.
 */
export function looksLikeNumber(value: string): boolean {
  const core = value.replace(/[\s\u00a0\u202f$€£%]/g, '');
  return /\d/.test(core) && /^[-+]?[\d.,]*([eE][-+]?\d+)?$/.test(core);
}

/** Why a filter cannot be sent yet, or null when it is complete and well-typed. */
export function filterProblem(
  condition: Partial<FilterCondition>,
  type: SemanticType | undefined,
): string | null {
  if (!condition.column) return 'Choose a column.';
  if (!condition.op) return 'Choose an operator.';
  if (!operatorNeedsValue(condition.op)) return null;
  const value = condition.value?.trim() ?? '';
  if (value === '') return 'Enter a value.';
  if (type !== undefined && NUMBER.has(type) && !looksLikeNumber(value)) {
    return 'Enter a number.';
  }
  return null;
}

/** "age ≥ 30", "city is missing". */
export function describeFilter({ column, op, value }: FilterCondition): string {
  const info = OPERATOR_BY_OP.get(op);
  const symbol = info?.symbol ?? op;
  return info?.needsValue === false ? `${column} ${symbol}` : `${column} ${symbol} ${value}`;
}

export function toSortParam(sort: SortState | null): string | undefined {
  return sort ? `${sort.column}:${sort.direction}` : undefined;
}

export function parseSortParam(text: string | null): SortState | null {
  if (!text) return null;
  const at = text.lastIndexOf(':');
  if (at <= 0) return { column: text, direction: 'asc' };
  const direction = text.slice(at + 1);
  if (direction !== 'asc' && direction !== 'desc') return null;
  return { column: text.slice(0, at), direction };
}

/** Clicking a header cycles ascending -> descending -> unsorted; another column starts ascending. */
export function nextSort(current: SortState | null, column: string): SortState | null {
  if (current?.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}
