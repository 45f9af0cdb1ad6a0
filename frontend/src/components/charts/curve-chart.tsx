import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { CurveSeries } from '@/lib/model-report';

import { AXIS_TICK, GRID_COLOR, MUTED_COLOR, seriesColor } from './chart-colors';

type CurveChartProps = {
  series: CurveSeries[];
  xLabel: string;
  yLabel: string;
  /** Draw the chance diagonal (ROC). */
  diagonal?: boolean;
  height?: number;
};

const fmt = (v: number) => v.toFixed(2);

/** One or more curves on the unit square (ROC, precision-recall). */
export function CurveChart({ series, xLabel, yLabel, diagonal, height = 280 }: CurveChartProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          domain={[0, 1]}
          tickFormatter={fmt}
          tick={AXIS_TICK}
          label={{ value: xLabel, position: 'insideBottom', offset: -12, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={[0, 1]}
          tickFormatter={fmt}
          tick={AXIS_TICK}
          width={44}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 12 }}
        />
        {diagonal && (
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke={MUTED_COLOR}
            strokeDasharray="4 4"
          />
        )}
        <Tooltip
          formatter={(value) => (typeof value === 'number' ? fmt(value) : String(value))}
          labelFormatter={(label) => `${xLabel} ${typeof label === 'number' ? fmt(label) : label}`}
        />
        {series.length > 1 && <Legend verticalAlign="top" height={24} />}
        {series.map((s, i) => (
          <Line
            key={s.label}
            data={s.points}
            dataKey="y"
            name={s.label}
            type="linear"
            dot={false}
            strokeWidth={2}
            stroke={seriesColor(i)}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
