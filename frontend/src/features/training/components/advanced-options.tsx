import { Accordion, Group, MultiSelect, NumberInput, Select } from '@mantine/core';

import { metricExplanation, metricLabel } from '@/lib/model-report';

type AdvancedOptionsProps = {
  algorithms: string[];
  metrics: string[];
  defaultMetric: string | null;
  values: { algorithms: string[]; metric: string | null; folds: number; seed: number };
  onChange: (patch: Partial<AdvancedOptionsProps['values']>) => void;
};

/** Algorithms, metric, folds and seed; the defaults suit most data. */
export function AdvancedOptions({
  algorithms,
  metrics,
  defaultMetric,
  values,
  onChange,
}: AdvancedOptionsProps) {
  return (
    <Accordion variant="separated">
      <Accordion.Item value="advanced">
        <Accordion.Control>Advanced options</Accordion.Control>
        <Accordion.Panel>
          <MultiSelect
            label="Algorithms"
            description="Leave empty to let AutoML choose its portfolio."
            placeholder={values.algorithms.length ? undefined : 'Automatic'}
            data={algorithms.map((a) => ({ value: a, label: a.replace(/_/g, ' ') }))}
            value={values.algorithms}
            onChange={(v) => onChange({ algorithms: v })}
            clearable
            mb="sm"
          />
          <Group grow align="flex-start">
            <Select
              label="Metric"
              description={
                [
                  defaultMetric ? `Default: ${metricLabel(defaultMetric)}.` : null,
                  metricExplanation(values.metric ?? defaultMetric ?? ''),
                ]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              data={metrics.map((m) => ({ value: m, label: metricLabel(m) }))}
              value={values.metric ?? defaultMetric}
              onChange={(v) => onChange({ metric: v })}
              allowDeselect={false}
            />
            <NumberInput
              label="Cross-validation folds"
              description="2 to 20"
              min={2}
              max={20}
              value={values.folds}
              onChange={(v) => onChange({ folds: typeof v === 'number' ? v : 5 })}
            />
            <NumberInput
              label="Random seed"
              description="Same seed, same splits"
              min={0}
              value={values.seed}
              onChange={(v) => onChange({ seed: typeof v === 'number' ? v : 0 })}
            />
          </Group>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
