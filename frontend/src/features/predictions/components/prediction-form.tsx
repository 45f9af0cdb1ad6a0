import { Alert, Button, Card, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconRefresh, IconSparkles } from '@tabler/icons-react';
import { useRef, useState } from 'react';

import type { ModelVersionSummary } from '@/api';
import { errorMessage } from '@/lib/error-message';

import { useColumnUnits } from '../api/use-column-units';
import { usePredict } from '../api/use-predict';
import { fieldsFromSchema, toRequestRow, typicalRow, type FormValues } from '../lib/feature-fields';

import { PredictionField } from './prediction-field';
import { PredictionResult } from './prediction-result';

type PredictionFormProps = {
  modelId: string;
  versions: ModelVersionSummary[];
  championVersion: number | null;
};

const CHAMPION = 'champion';

/** A form generated from the version's feature schema, prefilled with a typical row. */
export function PredictionForm({ modelId, versions, championVersion }: PredictionFormProps) {
  const [choice, setChoice] = useState(
    championVersion === null ? String(versions[0]?.version ?? '') : CHAMPION,
  );
  const versionNumber = choice === CHAMPION ? championVersion : Number(choice);
  const version = versions.find((v) => v.version === versionNumber);
  const fields = fieldsFromSchema(version?.feature_schema ?? []);
  const units = useColumnUnits(version);
  const [edits, setEdits] = useState<Record<string, FormValues>>({});
  const values = edits[choice] ?? typicalRow(fields);
  const predict = usePredict(modelId);
  const [checked, setChecked] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  // Required means what the API enforces: the model never saw the feature missing in training.
  const blanks = fields.filter((f) => f.required && (values[f.name] ?? '') === '');

  const set = (name: string, value: string | number) =>
    setEdits((e) => ({ ...e, [choice]: { ...values, [name]: value } }));
  const submit = () => {
    setChecked(true);
    if (blanks.length > 0) return;
    predict.mutate(
      { row: toRequestRow(values, fields), version: choice === CHAMPION ? null : Number(choice) },
      {
        // The result renders below the form: bring it into view.
        onSuccess: () =>
          requestAnimationFrame(() =>
            resultRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'nearest' }),
          ),
      },
    );
  };

  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <form onSubmit={(e) => (e.preventDefault(), submit())} aria-label="Prediction form">
          <Stack gap="md">
            <Group justify="space-between" align="flex-end">
              <Select
                label="Model version"
                w={260}
                allowDeselect={false}
                data={[
                  ...(championVersion === null
                    ? []
                    : [{ value: CHAMPION, label: `Champion (v${championVersion})` }]),
                  ...versions.map((v) => ({ value: String(v.version), label: `v${v.version}` })),
                ]}
                value={choice}
                onChange={(v) => v && setChoice(v)}
              />
              <Button
                variant="subtle"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => setEdits((e) => ({ ...e, [choice]: typicalRow(fields) }))}
              >
                Reset to a typical row
              </Button>
            </Group>
            {fields.length === 0 ? (
              <Text c="dimmed">This version has no feature schema.</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                {fields.map((f) => (
                  <PredictionField
                    key={f.name}
                    field={f}
                    unit={units[f.name]}
                    value={values[f.name] ?? ''}
                    error={
                      checked && blanks.includes(f)
                        ? 'Required: the model never saw this feature missing in training'
                        : null
                    }
                    onChange={(v) => set(f.name, v)}
                  />
                ))}
              </SimpleGrid>
            )}
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                * required: always filled in the training data. Other fields may be left blank.
              </Text>
              <Button
                type="submit"
                leftSection={<IconSparkles size={16} aria-hidden />}
                loading={predict.isPending}
                disabled={fields.length === 0}
              >
                Predict
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      {predict.isError && (
        <Alert color="red" title="Prediction failed" role="alert">
          {errorMessage(predict.error)}
        </Alert>
      )}
      <div ref={resultRef}>
        {predict.data && (
          <PredictionResult
            result={predict.data}
            targetUnit={version?.target ? units[version.target] : undefined}
          />
        )}
      </div>
    </Stack>
  );
}
