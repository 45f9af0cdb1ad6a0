import type { ColumnUnit } from '@/api';
import { formatWithUnit } from '@/lib/units';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 });

/** Below this a number is written without separators: years and small codes read as typed. */
const GROUP_FROM = 10_000;

/**
 * How a cell value reads in the grid: missing values are explicit, numbers keep their digits.
 * In a number column (`group`), values from 10,000 up get thousands separators ("1,250,000");
 * smaller ones such as the year 2024 are left as typed. A column with a unit (currency, percent)
 * is written as its file wrote it: "$1,200", "12.5%".
 */
export function formatCell(
  value: unknown,
  { group = false, unit = null }: { group?: boolean; unit?: ColumnUnit | null } = {},
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (unit) return formatWithUnit(value, unit);
    const shown = Number.isInteger(value) ? value : Number(value.toPrecision(10));
    if (group && Number.isFinite(shown) && Math.abs(shown) >= GROUP_FROM) {
      return grouped.format(shown);
    }
    return String(shown);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}
