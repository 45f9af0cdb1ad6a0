import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { formatDuration } from '@/lib/formatters';
import { formatMetric, niceScale, type Point } from '@/lib/model-report';

import { AXIS_TICK, GRID_COLOR, seriesColor } from './chart-colors';

type ScoreHistoryChartProps = {
  /** x = seconds since the start, y = best cross-validated score so far. */
  points: Point[];
  metricName: string;
  /** The time budget, so the x axis shows how much of it is used. */
  budgetSeconds?: number;
  height?: number;
};

/** Best score so far over elapsed time, as a step line. */
export function ScoreHistoryChart({
  points,
  metricName,
  budgetSeconds,
  height = 240,
}: ScoreHistoryChartProps) {
  const ys = points.map((p) => p.y);
  const scale = niceScale(Math.min(...ys), Math.max(...ys));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
        <CartesianGrid stroke={GRID_COLOR} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="x"
          domain={[0, budgetSeconds ?? 'auto']}
          tickFormatter={(v: number) => formatDuration(v)}
          tick={AXIS_TICK}
          label={{ value: 'elapsed', position: 'insideBottom', offset: -12, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="y"
          domain={scale.domain}
          ticks={scale.ticks}
          tickFormatter={(v: number) => formatMetric(v)}
          tick={AXIS_TICK}
          width={56}
        />
        <Tooltip
          formatter={(value) => [
            typeof value === 'number' ? formatMetric(value) : String(value),
            `best ${metricName}`,
          ]}
          labelFormatter={(label) =>
            typeof label === 'number' ? `after ${formatDuration(label)}` : String(label)
          }
        />
        <Line
          dataKey="y"
          type="stepAfter"
          stroke={seriesColor(0)}
          strokeWidth={2}
          dot={{ r: 2 }}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
