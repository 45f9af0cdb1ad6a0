/** Pure helpers shared by the chart components (kept apart so they can be unit-tested). */

/** Round numbers for an axis from 0 to at least `max`: 0, step, 2*step, ... */
export function niceTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let value = 0; value < max + step * 0.999; value += step)
    ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

function mix(from: number[], to: number[], t: number): string {
  const [r, g, b] = from.map((c, i) => Math.round(c + ((to[i] ?? c) - c) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

const NEGATIVE = [37, 99, 235]; // blue
const NEUTRAL = [248, 249, 250];
const POSITIVE = [220, 38, 38]; // red

/** Diverging colour for a value in [-1, 1]: blue (negative), near-white (0), red (positive). */
export function divergingColor(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return 'var(--mantine-color-gray-2)';
  const t = Math.min(1, Math.abs(value));
  return value < 0 ? mix(NEUTRAL, NEGATIVE, t) : mix(NEUTRAL, POSITIVE, t);
}

/** Dark text on light cells, white on saturated ones. */
export function textColorOn(value: number | null): string {
  return value !== null && Math.abs(value) > 0.55 ? 'white' : 'var(--mantine-color-dark-7)';
}

/** Compact axis/bin label: 1234567 -> "1.23M", 0.000123 -> "1.23e-4". */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e15)) return value.toExponential(2);
  return new Intl.NumberFormat('en-US', {
    notation: 'compact',
    maximumSignificantDigits: 3,
  }).format(value);
}
