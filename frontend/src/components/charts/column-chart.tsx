import { Box, Text, VisuallyHidden } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';

import { compactNumber, niceTicks } from './scales';

export type ColumnDatum = { label: string; value: number; detail?: string };

type ColumnChartProps = {
  /** Accessible name of the chart, e.g. "Distribution of age". */
  title: string;
  data: ColumnDatum[];
  height?: number;
  color?: string;
  /** Histogram: bars touch, and the axis shows the range ends instead of bar labels. */
  range?: [string, string];
  valueLabel?: string;
};

const AXIS_WIDTH = 36;
const LABEL_HEIGHT = 20;

/**
 * Vertical bars in plain SVG (histograms, counts). Sized to its container; every bar has a
 * tooltip, and a hidden table gives screen readers the numbers.
 */
export function ColumnChart({
  title,
  data,
  height = 160,
  color = 'var(--mantine-color-blue-6)',
  range,
  valueLabel = 'Count',
}: ColumnChartProps) {
  const { ref, width } = useElementSize();
  const continuous = range !== undefined;
  const max = Math.max(0, ...data.map((d) => d.value));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] || 1;
  const plotWidth = Math.max(0, width - AXIS_WIDTH);
  const plotHeight = height - LABEL_HEIGHT;
  const slot = data.length ? plotWidth / data.length : 0;
  const gap = continuous ? Math.min(1, slot * 0.1) : Math.min(8, slot * 0.25);
  const y = (value: number) => plotHeight - (value / top) * (plotHeight - 6);
  const showLabel = (i: number) => !continuous && (slot >= 40 || i % Math.ceil(40 / slot) === 0);

  return (
    <Box ref={ref} w="100%">
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-label={title}>
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={AXIS_WIDTH}
                x2={width}
                y1={y(tick)}
                y2={y(tick)}
                stroke="var(--mantine-color-gray-3)"
                strokeDasharray={tick === 0 ? undefined : '3 3'}
              />
              <text
                x={AXIS_WIDTH - 6}
                y={y(tick)}
                dy="0.32em"
                textAnchor="end"
                fontSize={10}
                fill="var(--mantine-color-gray-6)"
              >
                {compactNumber(tick)}
              </text>
            </g>
          ))}
          {data.map((d, i) => {
            const x = AXIS_WIDTH + i * slot + gap / 2;
            const barHeight = plotHeight - y(d.value);
            return (
              <g key={`${d.label}-${i}`}>
                <rect
                  x={x}
                  y={y(d.value)}
                  width={Math.max(1, slot - gap)}
                  height={Math.max(0, barHeight)}
                  fill={color}
                  rx={continuous ? 1 : 3}
                >
                  <title>{`${d.label}: ${d.value.toLocaleString('en-US')}${d.detail ? ` (${d.detail})` : ''}`}</title>
                </rect>
                {showLabel(i) && (
                  <text
                    x={x + (slot - gap) / 2}
                    y={height - 6}
                    textAnchor="middle"
                    fontSize={10}
                    fill="var(--mantine-color-gray-7)"
                  >
                    {d.label.length > 12 ? `${d.label.slice(0, 11)}…` : d.label}
                  </text>
                )}
              </g>
            );
          })}
          {range && (
            <g fontSize={10} fill="var(--mantine-color-gray-7)">
              <text x={AXIS_WIDTH} y={height - 6}>
                {range[0]}
              </text>
              <text x={width} y={height - 6} textAnchor="end">
                {range[1]}
              </text>
            </g>
          )}
        </svg>
      )}
      {data.length === 0 && (
        <Text size="sm" c="dimmed">
          No values to chart.
        </Text>
      )}
      <VisuallyHidden>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th>Bin</th>
              <th>{valueLabel}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d, i) => (
              <tr key={`${d.label}-${i}`}>
                <td>{d.label}</td>
                <td>{d.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
