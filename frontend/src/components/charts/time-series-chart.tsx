import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { AXIS_TICK, GRID_COLOR, seriesColor } from './chart-colors';

export type TimeSeriesLine = { key: string; label: string };

type TimeSeriesChartProps = {
  /** One row per time bucket: `t` in epoch milliseconds plus one number (or null) per line. */
  data: Array<{ t: number } & Record<string, number | null>>;
  lines: TimeSeriesLine[];
  formatValue: (value: number) => string;
  /** Show hours and minutes on the axis (short windows) or dates (long ones). */
  withTime?: boolean;
  height?: number;
};

/** Values over time, one line per series (request volume, latency percentiles). */
export function TimeSeriesChart({
  data,
  lines,
  formatValue,
  withTime = true,
  height = 220,
}: TimeSeriesChartProps) {
  const tickFormat = new Intl.DateTimeFormat(
    'en-US',
    withTime ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' },
  );
  const labelFormat = new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="t"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={(v: number) => tickFormat.format(v)}
          tick={AXIS_TICK}
        />
        <YAxis tickFormatter={formatValue} tick={AXIS_TICK} width={56} allowDecimals={false} />
        <Tooltip
          labelFormatter={(v) => (typeof v === 'number' ? labelFormat.format(v) : String(v))}
          formatter={(v) => (typeof v === 'number' ? formatValue(v) : '—')}
        />
        {lines.length > 1 && <Legend verticalAlign="top" height={24} iconSize={10} />}
        {lines.map((line, i) => (
          <Line
            key={line.key}
            dataKey={line.key}
            name={line.label}
            stroke={seriesColor(i)}
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
