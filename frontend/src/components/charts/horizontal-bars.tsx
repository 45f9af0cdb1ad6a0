import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { AXIS_TICK, GRID_COLOR, NEGATIVE_COLOR, POSITIVE_COLOR, seriesColor } from './chart-colors';

export type BarDatum = { label: string; value: number };

type HorizontalBarsProps = {
  data: BarDatum[];
  formatValue: (value: number) => string;
  /** Colour negative bars red and positive ones green (contributions). */
  signed?: boolean;
  /** Fixed axis domain, e.g. [0, 1] for probabilities. */
  domain?: [number, number];
  valueLabel?: string;
};

const ROW_HEIGHT = 30;

/** One bar per label, longest labels on the left (importances, probabilities, contributions). */
export function HorizontalBars({
  data,
  formatValue,
  signed,
  domain,
  valueLabel = 'Value',
}: HorizontalBarsProps) {
  const longest = data.reduce((n, d) => Math.max(n, d.label.length), 0);
  const labelWidth = Math.min(200, Math.max(60, longest * 7.5));
  return (
    <ResponsiveContainer width="100%" height={Math.max(80, data.length * ROW_HEIGHT + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" horizontal={false} />
        <XAxis
          type="number"
          domain={domain ?? ['auto', 'auto']}
          tickFormatter={formatValue}
          tick={AXIS_TICK}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={labelWidth}
          tick={AXIS_TICK}
          interval={0}
          tickFormatter={(v: string) => (v.length > 28 ? `${v.slice(0, 27)}…` : v)}
        />
        {signed && <ReferenceLine x={0} stroke="var(--mantine-color-gray-6)" />}
        <Tooltip
          formatter={(value) => [
            typeof value === 'number' ? formatValue(value) : String(value),
            valueLabel,
          ]}
        />
        <Bar
          dataKey="value"
          name={valueLabel}
          isAnimationActive={false}
          radius={3}
          label={{
            position: 'right',
            fontSize: 11,
            formatter: (v: unknown) => (typeof v === 'number' ? formatValue(v) : ''),
          }}
        >
          {data.map((d) => (
            <Cell
              key={d.label}
              fill={signed ? (d.value < 0 ? NEGATIVE_COLOR : POSITIVE_COLOR) : seriesColor(0)}
            />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
