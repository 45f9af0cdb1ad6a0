import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { AXIS_TICK, GRID_COLOR, seriesColor } from './chart-colors';

export type DistributionDatum = { bucket: string; reference: number; current: number };

type DistributionBarsProps = {
  data: DistributionDatum[];
  referenceLabel?: string;
  currentLabel?: string;
  height?: number;
};

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

/** Reference vs current share per bucket, side by side. */
export function DistributionBars({
  data,
  referenceLabel = 'Training',
  currentLabel = 'Recent',
  height = 200,
}: DistributionBarsProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="bucket"
          tick={AXIS_TICK}
          interval="preserveStartEnd"
          tickFormatter={(v: string) => (v.length > 14 ? `${v.slice(0, 13)}…` : v)}
        />
        <YAxis tickFormatter={pct} tick={AXIS_TICK} width={40} />
        <Tooltip formatter={(v) => (typeof v === 'number' ? pct(v) : String(v))} />
        <Legend verticalAlign="top" height={24} iconSize={10} />
        <Bar
          dataKey="reference"
          name={referenceLabel}
          fill={seriesColor(0, 4)}
          isAnimationActive={false}
        />
        <Bar
          dataKey="current"
          name={currentLabel}
          fill={seriesColor(1, 6)}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
