import { Slider, Stack, Text } from '@mantine/core';

import { formatDuration } from '@/lib/formatters';

import { BUDGET_STEPS, budgetIndex } from '../lib/wizard';

type BudgetSliderProps = { value: number; onChange: (seconds: number) => void };

const MARKS = [0, 3, 6, 9].map((i) => ({
  value: i,
  label: formatDuration(BUDGET_STEPS[i] ?? 0),
}));

/** The time budget on a roughly logarithmic scale from 10 s to 1 h. */
export function BudgetSlider({ value, onChange }: BudgetSliderProps) {
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
        max={BUDGET_STEPS.length - 1}
        step={1}
        value={budgetIndex(value)}
        onChange={(i) => onChange(BUDGET_STEPS[i] ?? value)}
        label={(i) => formatDuration(BUDGET_STEPS[i] ?? 0)}
        marks={MARKS}
        thumbLabel="Time budget"
        aria-labelledby="budget-label"
        aria-valuetext={formatDuration(value)}
      />
    </Stack>
  );
}
