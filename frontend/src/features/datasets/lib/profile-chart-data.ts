import type { Bars, ColumnProfile, Histogram, TopValue } from '@/api';
import type { BarListItem } from '@/components/charts/bar-list';
import type { ColumnDatum } from '@/components/charts/column-chart';
import { compactNumber } from '@/components/charts/scales';

const ORDERED_TYPES: ReadonlySet<string> = new Set(['numeric', 'integer', 'datetime']);

/** A frequency chart of a column whose values are all different is just noise. */
export function worthCharting(counts: number[], type: string): boolean {
  return type !== 'identifier' && counts.some((count) => count > 1);
}

type Scalar = string | number | boolean | null | undefined;

/** A histogram edge or statistic for a label: numbers compact, ISO datetimes as dates. */
export function formatScalar(value: Scalar): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return compactNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
}

/** Histogram bins as chart columns labelled "low – high". */
export function histogramData(histogram: Histogram): ColumnDatum[] {
  return histogram.counts.map((count, i) => ({
    label: `${formatScalar(histogram.edges[i])} – ${formatScalar(histogram.edges[i + 1])}`,
    value: count,
  }));
}

export function histogramRange(histogram: Histogram): [string, string] {
  return [
    formatScalar(histogram.edges[0]),
    formatScalar(histogram.edges[histogram.edges.length - 1]),
  ];
}

/** Category bars, with the long tail as one "Other" bar. */
export function barsData(bars: Bars): BarListItem[] {
  const items = bars.labels.map((label, i) => ({
    label: label === null ? '(missing)' : formatScalar(label),
    value: bars.counts[i] ?? 0,
  }));
  return bars.other > 0 ? [...items, { label: `Other values`, value: bars.other }] : items;
}

export function topValuesData(values: TopValue[]): BarListItem[] {
  return values.map((v) => ({
    label: v.value === null ? '(missing)' : formatScalar(v.value),
    value: v.count,
  }));
}

/** The short list of facts shown on a column card. */
export function columnStats(profile: ColumnProfile): { label: string; value: string }[] {
  const stats = [
    {
      label: 'Missing',
      value: `${profile.missing.toLocaleString('en-US')} (${(profile.missing_share * 100).toFixed(1)}%)`,
    },
    { label: 'Distinct', value: profile.distinct.toLocaleString('en-US') },
  ];
  // The alphabetical min and max of text say nothing; they matter for numbers and dates.
  if (ORDERED_TYPES.has(profile.semantic_type)) {
    if (profile.min !== null && profile.min !== undefined)
      stats.push({ label: 'Min', value: formatScalar(profile.min) });
    if (profile.max !== null && profile.max !== undefined)
      stats.push({ label: 'Max', value: formatScalar(profile.max) });
  }
  if (typeof profile.mean === 'number')
    stats.push({ label: 'Mean', value: formatScalar(profile.mean) });
  if (typeof profile.std === 'number')
    stats.push({ label: 'Std dev', value: formatScalar(profile.std) });
  if (typeof profile.outliers_iqr === 'number' && profile.outliers_iqr > 0) {
    stats.push({ label: 'Outliers (IQR)', value: profile.outliers_iqr.toLocaleString('en-US') });
  }
  return stats;
}
