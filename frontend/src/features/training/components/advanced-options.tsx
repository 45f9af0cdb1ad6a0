import { Accordion, Group, MultiSelect, NumberInput, Select } from '@mantine/core';

import type { IntRange } from '@/api';
import { useMetricCatalog } from '@/lib/metric-catalog';

type AdvancedOptionsProps = {
  algorithms: string[];
  metrics: string[];
  defaultMetric: string | null;
  /** The server's fold limits (`GET /training/options`). */
  foldLimits: IntRange;
  values: { algorithms: string[]; metric: string | null; folds: number; seed: number };
  onChange: (patch: Partial<AdvancedOptionsProps['values']>) => void;
};

/** Algorithms, metric, folds and seed; the defaults suit most data. */
export function AdvancedOptions({
  algorithms,
  metrics,
  defaultMetric,
  foldLimits,
  values,
  onChange,
}: AdvancedOptionsProps) {
  const catalog = useMetricCatalog();
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
                  defaultMetric ? `Default: ${catalog.label(defaultMetric)}.` : null,
                  catalog.explanation(values.metric ?? defaultMetric ?? ''),
                ]
                  .filter(Boolean)
                  .join(' ') || undefined
              }
              data={metrics.map((m) => ({ value: m, label: catalog.label(m) }))}
              value={values.metric ?? defaultMetric}
              onChange={(v) => onChange({ metric: v })}
              allowDeselect={false}
            />
            <NumberInput
              label="Cross-validation folds"
              description={`${foldLimits.min} to ${foldLimits.max}`}
              min={foldLimits.min}
              max={foldLimits.max}
              value={values.folds}
              onChange={(v) => onChange({ folds: typeof v === 'number' ? v : foldLimits.default })}
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
