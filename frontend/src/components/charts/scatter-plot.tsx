import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { formatMetric, sharedDomain, type Point } from '@/lib/model-report';

import { AXIS_TICK, GRID_COLOR, MUTED_COLOR, seriesColor } from './chart-colors';

type ScatterPlotProps = {
  points: Point[];
  xLabel: string;
  yLabel: string;
  /** "identity" draws y = x on a shared square domain; "zero" draws y = 0. */
  reference: 'identity' | 'zero';
  height?: number;
};

const tick = (v: number) => formatMetric(v);

/** Predicted vs actual (with y = x) or residuals vs predicted (with y = 0). */
export function ScatterPlot({ points, xLabel, yLabel, reference, height = 300 }: ScatterPlotProps) {
  const square = reference === 'identity' ? sharedDomain(points) : undefined;
  const domain = square?.domain;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ScatterChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          name={xLabel}
          domain={domain ?? ['auto', 'auto']}
          ticks={square?.ticks}
          tickFormatter={tick}
          tick={AXIS_TICK}
          label={{ value: xLabel, position: 'insideBottom', offset: -12, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          name={yLabel}
          domain={domain ?? ['auto', 'auto']}
          ticks={square?.ticks}
          tickFormatter={tick}
          tick={AXIS_TICK}
          width={64}
          label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 12 }}
        />
        {reference === 'identity' && domain ? (
          <ReferenceLine
            segment={[
              { x: domain[0], y: domain[0] },
              { x: domain[1], y: domain[1] },
            ]}
            stroke={MUTED_COLOR}
            strokeDasharray="4 4"
          />
        ) : (
          <ReferenceLine y={0} stroke={MUTED_COLOR} strokeDasharray="4 4" />
        )}
        <Tooltip
          cursor={{ strokeDasharray: '3 3' }}
          formatter={(value) => (typeof value === 'number' ? formatMetric(value) : String(value))}
        />
        <Scatter data={points} fill={seriesColor(0)} fillOpacity={0.55} isAnimationActive={false} />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
