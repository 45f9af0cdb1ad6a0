import { Alert, Button, Card, Group, Select, Stack, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';

import { errorMessage } from '@/lib/error-message';
import { useTrainingOptions } from '@/lib/metric-catalog';

import { useCreateTrainingJob } from '../api/use-create-training-job';
import { useDataset, useVersionColumns } from '../api/use-dataset-columns';
import { useRetrainDefaults } from '../api/use-retrain-defaults';
import { useTrainingPreview } from '../api/use-training-preview';
import { buildTrainingRequest, initialFeatures, type WizardValues } from '../lib/wizard';

import { AdvancedOptions } from './advanced-options';
import { BudgetSlider } from './budget-slider';
import { DatasetPicker } from './dataset-picker';
import { FeatureChecklist } from './feature-checklist';
import { ModelNamePicker } from './model-name-picker';
import { TargetPreview } from './target-preview';

type TrainingWizardProps = {
  /** Preselected dataset (opened from a dataset page); otherwise the user picks one. */
  datasetId?: string;
  /** "Train a new version" of this model: its target, name and settings are filled in. */
  fromModelId?: string;
  onCreated: (jobId: string) => void;
};

/** The user's choices; a null budget or fold count means the server's default. */
type Settings = Omit<WizardValues, 'features' | 'datasetId' | 'budgetSeconds' | 'folds'> & {
  budgetSeconds: number | null;
  folds: number | null;
};

const INITIAL: Settings = {
  datasetVersion: null,
  target: '',
  budgetSeconds: null,
  modelName: '',
  algorithms: [],
  metric: null,
  folds: null,
  seed: 0,
};

/** Choose a target and features, set a budget, and start an AutoML job. */
export function TrainingWizard({
  datasetId: fixedDataset,
  fromModelId,
  onCreated,
}: TrainingWizardProps) {
  const [pickedDataset, setPickedDataset] = useState('');
  const datasetId = fixedDataset ?? pickedDataset;
  const [settings, setSettings] = useState<Settings>(INITIAL);
  // Feature choices per (version, target): a new target starts from the server's suggestion.
  const [featureChoices, setFeatureChoices] = useState<Record<string, string[]>>({});
  const patch = (p: Partial<Settings>) => setSettings((s) => ({ ...s, ...p }));
  const retrain = useRetrainDefaults(fromModelId);
  const [prefilled, setPrefilled] = useState(false);

  const dataset = useDataset(datasetId);
  const version = settings.datasetVersion ?? dataset.data?.current_version ?? null;
  const columns = useVersionColumns(datasetId, version);
  const preview = useTrainingPreview({
    datasetId,
    datasetVersion: version,
    target: settings.target,
  });
  const create = useCreateTrainingJob();
  const options = useTrainingOptions();
  const limits = options.data;
  const budgetSeconds = settings.budgetSeconds ?? limits?.time_budget_s.default ?? null;
  const folds = settings.folds ?? limits?.folds.default ?? null;

  const columnNames = (columns.data ?? []).map((c) => c.name);

  // A new version of a model: same target, name and settings, on the dataset's latest version.
  // Set once, while rendering, as soon as both the defaults and the columns are known.
  const defaults = retrain.data;
  if (!prefilled && defaults && columns.data) {
    setPrefilled(true);
    const target = columnNames.includes(defaults.target) ? defaults.target : '';
    setSettings((s) => ({
      ...s,
      target,
      modelName: defaults.modelName,
      budgetSeconds: defaults.budgetSeconds ?? s.budgetSeconds,
      algorithms: defaults.algorithms,
      metric: defaults.metric,
      folds: defaults.folds ?? s.folds,
      seed: defaults.seed ?? s.seed,
    }));
    const kept = (defaults.features ?? []).filter((f) => columnNames.includes(f));
    if (target && kept.length > 0) {
      setFeatureChoices((c) => ({ ...c, [`${version}:${target}`]: kept }));
    }
  }
  const previewFits = preview.data?.target === settings.target && !preview.isPlaceholderData;
  const choiceKey = `${version}:${settings.target}`;
  const features =
    featureChoices[choiceKey] ??
    (previewFits && preview.data ? initialFeatures(columnNames, preview.data) : []);
  const canSubmit =
    Boolean(datasetId && settings.target && previewFits && preview.data?.usable) &&
    features.length > 0 &&
    budgetSeconds !== null &&
    folds !== null &&
    !create.isPending;

  const submit = () => {
    if (!canSubmit || budgetSeconds === null || folds === null) return;
    const body = buildTrainingRequest({
      ...settings,
      budgetSeconds,
      folds,
      datasetId,
      datasetVersion: version,
      features,
    });
    create.mutate(body, { onSuccess: (job) => onCreated(job.id) });
  };

  return (
    <Stack gap="md" component="form" onSubmit={(e) => (e.preventDefault(), submit())}>
      <Card withBorder padding="lg">
        <Stack gap="md">
          <Title order={2} size="h4">
            1. Data and target
          </Title>
          <DatasetPicker
            datasetId={datasetId}
            version={version}
            selectable={!fixedDataset}
            onDatasetChange={(id) => (
              setPickedDataset(id),
              patch({ datasetVersion: null, target: '' })
            )}
            onVersionChange={(v) => patch({ datasetVersion: v })}
          />
          <Select
            label="Target column"
            description="The column the model learns to predict."
            placeholder={columns.isLoading ? 'Loading columns…' : 'Pick the column to predict'}
            searchable
            disabled={!datasetId}
            data={columnNames}
            value={settings.target || null}
            onChange={(v) => patch({ target: v ?? '', metric: null })}
          />
          {settings.target && (
            <TargetPreview
              preview={previewFits ? preview.data : undefined}
              isLoading={preview.isFetching && !previewFits}
              error={preview.error}
            />
          )}
        </Stack>
      </Card>

      {previewFits && preview.data?.usable && (
        <>
          <Card withBorder padding="lg">
            <Stack gap="sm">
              <Title order={2} size="h4">
                2. Features
              </Title>
              <FeatureChecklist
                columns={columns.data ?? []}
                target={settings.target}
                selected={features}
                exclusions={preview.data.suggested_exclusions}
                onChange={(next) => setFeatureChoices((c) => ({ ...c, [choiceKey]: next }))}
              />
            </Stack>
          </Card>

          <Card withBorder padding="lg">
            <Stack gap="md">
              <Title order={2} size="h4">
                3. Training
              </Title>
              {limits && budgetSeconds !== null && (
                <BudgetSlider
                  value={budgetSeconds}
                  limits={limits.time_budget_s}
                  onChange={(s) => patch({ budgetSeconds: s })}
                />
              )}
              {options.isError && (
                <Alert color="red" title="Could not load the training limits">
                  {errorMessage(options.error)}
                </Alert>
              )}
              <ModelNamePicker
                value={settings.modelName}
                placeholder={`${dataset.data?.name ?? 'dataset'} ${settings.target}`}
                onChange={(modelName) => patch({ modelName })}
              />
              {limits && folds !== null && (
                <AdvancedOptions
                  algorithms={preview.data.algorithms}
                  metrics={preview.data.metrics}
                  defaultMetric={preview.data.default_metric}
                  foldLimits={limits.folds}
                  values={{ ...settings, folds }}
                  onChange={patch}
                />
              )}
            </Stack>
          </Card>
        </>
      )}

      {create.isError && (
        <Alert color="red" title="Could not start training" role="alert">
          {errorMessage(create.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          type="submit"
          size="md"
          leftSection={<IconPlayerPlay size={18} aria-hidden />}
          disabled={!canSubmit}
          loading={create.isPending}
        >
          Start training
        </Button>
      </Group>
    </Stack>
  );
}
