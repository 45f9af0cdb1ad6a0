import { Box, ScrollArea, Text, VisuallyHidden } from '@mantine/core';

import { divergingColor, textColorOn } from './scales';

type HeatmapProps = {
  /** Accessible name (the table caption), e.g. "Correlation between numeric columns". */
  title: string;
  labels: string[];
  /** Square matrix in [-1, 1]; null where undefined (constant column). */
  matrix: (number | null)[][];
};

const CELL = 44;

/** A square matrix as a table with coloured cells: readable by eye and by a screen reader. */
export function Heatmap({ title, labels, matrix }: HeatmapProps) {
  return (
    <ScrollArea type="auto" offsetScrollbars>
      <Text size="xs" c="dimmed" mb={4} aria-hidden>
        {title}
      </Text>
      <Box component="table" style={{ borderCollapse: 'separate', borderSpacing: 2 }}>
        <VisuallyHidden component="caption">{title}</VisuallyHidden>
        <thead>
          <tr>
            <td />
            {labels.map((label) => (
              <Box
                component="th"
                scope="col"
                key={label}
                title={label}
                style={{ verticalAlign: 'bottom', height: 90, width: CELL }}
              >
                <Text
                  size="xs"
                  fw={500}
                  style={{
                    writingMode: 'vertical-rl',
                    transform: 'rotate(180deg)',
                    maxHeight: 88,
                    overflow: 'hidden',
                    textOverflow: 'ellipsis',
                    whiteSpace: 'nowrap',
                    margin: '0 auto',
                  }}
                >
                  {label}
                </Text>
              </Box>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((row, i) => (
            <tr key={row}>
              <Box
                component="th"
                scope="row"
                title={row}
                style={{ textAlign: 'right', paddingRight: 8, maxWidth: 140 }}
              >
                <Text size="xs" fw={500} truncate="end">
                  {row}
                </Text>
              </Box>
              {labels.map((column, j) => {
                const value = matrix[i]?.[j] ?? null;
                return (
                  <Box
                    component="td"
                    key={column}
                    title={`${row} × ${column}: ${value === null ? 'undefined' : value.toFixed(2)}`}
                    style={{
                      width: CELL,
                      height: 32,
                      background: divergingColor(value),
                      color: textColorOn(value),
                      textAlign: 'center',
                      borderRadius: 4,
                      fontSize: 11,
                      fontVariantNumeric: 'tabular-nums',
                    }}
                  >
                    {value === null ? '—' : value.toFixed(2)}
                  </Box>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Box>
    </ScrollArea>
  );
}
