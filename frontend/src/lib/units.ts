import type { ColumnUnit } from '@/api';

const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 10 });
const cents = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** A stored number without binary noise (0.055 * 100 -> 5.5, not 5.500000000000001). */
function clean(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toPrecision(10));
}

/**
 * A number written as its file wrote it: "$1,200", "-$40", "1,234.50 €", "12.5%".
 *
 * Stored values are plain numbers (upload reads "12%" as 0.12), so a percent is scaled back.
 * Currency amounts always group thousands; amounts with cents show two decimals ("$12.50"),
 * whole amounts none ("$300").
 */
export function formatWithUnit(value: number, unit: ColumnUnit): string {
  if (!Number.isFinite(value)) return String(value);
  const scaled = clean(value * (unit.scale ?? 1));
  const magnitude = Math.abs(scaled);
  const digits =
    unit.kind === 'currency' && !Number.isInteger(magnitude) && magnitude < 1e12
      ? cents.format(magnitude)
      : amount.format(magnitude);
  const sign = scaled < 0 ? '-' : '';
  if (unit.position === 'prefix') return `${sign}${unit.symbol}${digits}`;
  const gap = unit.kind === 'percent' ? '' : '\u00a0';
  return `${sign}${digits}${gap}${unit.symbol}`;
}

/** "in $" / "in %": a short label for a column header or a form field. */
export function unitLabel(unit: ColumnUnit): string {
  return unit.kind === 'percent' ? 'in %' : `in ${unit.symbol}`;
}
