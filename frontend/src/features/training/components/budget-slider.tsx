import { Slider, Stack, Text } from '@mantine/core';

import type { IntRange } from '@/api';
import { formatDuration } from '@/lib/formatters';

import { budgetIndex, budgetSteps } from '../lib/wizard';

type BudgetSliderProps = {
  value: number;
  /** The server's limits and default (`GET /training/options`). */
  limits: IntRange;
  onChange: (seconds: number) => void;
};

/** The time budget on a roughly logarithmic scale between the server's limits. */
export function BudgetSlider({ value, limits, onChange }: BudgetSliderProps) {
  const steps = budgetSteps(limits);
  const last = steps.length - 1;
  const marks = [...new Set([0, Math.round(last / 3), Math.round((2 * last) / 3), last])].map(
    (i) => ({ value: i, label: formatDuration(steps[i] ?? 0) }),
  );
  return (
    <Stack gap={4} pb="md">
      <Text size="sm" fw={500} id="budget-label">
        Time budget: {formatDuration(value)}
      </Text>
      <Text size="xs" c="dimmed">
        More time lets the search try more models; small data rarely needs more than a minute.
      </Text>
      <Slider
        min={0}
        max={last}
        step={1}
        value={budgetIndex(value, steps)}
        onChange={(i) => onChange(steps[i] ?? value)}
        label={(i) => formatDuration(steps[i] ?? 0)}
        marks={marks}
        thumbLabel="Time budget"
        aria-labelledby="budget-label"
        aria-valuetext={formatDuration(value)}
      />
    </Stack>
  );
}
