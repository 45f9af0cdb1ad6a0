import { Alert, Anchor, Badge, Button, Card, Code, Group, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconCircleCheck, IconExternalLink } from '@tabler/icons-react';
import { Link } from 'react-router';

import type { TrainingJobRead, TrainingResult } from '@/api';
import { formatDuration } from '@/lib/formatters';
import { useMetricCatalog } from '@/lib/metric-catalog';
import { formatMetric } from '@/lib/model-report';

/** What the run produced: the registered version, the gate's decision and where to go next. */
export function TrainingResultSummary({
  job,
  result,
}: {
  job: TrainingJobRead;
  result: TrainingResult;
}) {
  const catalog = useMetricCatalog();
  const registry = result.registry ?? null;
  const modelId = registry?.model_id ?? null;
  const version = registry?.version ?? null;
  const decision = registry?.gate.decision ?? null;
  const reason = registry?.gate.reason || null;
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleCheck color="var(--mantine-color-teal-6)" aria-hidden />
          <Text fw={600}>
            Registered {job.model_name} v{version ?? job.model_version ?? '?'}
          </Text>
          {decision && (
            <Badge color={decision === 'champion' ? 'teal' : 'grape'} variant="light">
              {decision}
            </Badge>
          )}
        </Group>
        {reason && (
          <Text size="sm" c="dimmed">
            Promotion gate: {reason}
          </Text>
        )}
        <Text size="sm">
          Best model:{' '}
          <b>
            {result.ensemble_used ? 'ensemble of ' : ''}
            {result.best_trial.algorithm.replace(/_/g, ' ')}
          </b>{' '}
          · CV {catalog.label(result.metric)} {formatMetric(result.cv_score)} ·{' '}
          {result.leaderboard.length} {result.leaderboard.length === 1 ? 'candidate' : 'candidates'}{' '}
          in {formatDuration(result.timings.total_s ?? job.duration_s ?? 0)} ·{' '}
          {result.rows.train ?? '?'} training rows, {result.rows.holdout ?? '?'} holdout rows
        </Text>
        {result.dropped_columns.length > 0 && (
          <Text size="sm" c="dimmed">
            Left out: {result.dropped_columns.map((c) => `${c.name} (${c.reason})`).join(', ')}
          </Text>
        )}
        {job.mlflow_run_id &&
          (job.mlflow_run_url ? (
            <Anchor
              href={job.mlflow_run_url}
              target="_blank"
              rel="noopener noreferrer"
              size="sm"
              w="fit-content"
            >
              Open the run in MLflow{' '}
              <IconExternalLink size={14} aria-hidden style={{ verticalAlign: 'middle' }} />
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              MLflow run <Code>{job.mlflow_run_id}</Code> in experiment{' '}
              <Code>{job.mlflow_experiment_id ?? '?'}</Code>
            </Text>
          ))}
        {modelId ? (
          <Group>
            <Button
              component={Link}
              to={`/models/${modelId}`}
              rightSection={<IconArrowRight size={16} aria-hidden />}
            >
              Open the model
            </Button>
            {version !== null && (
              <Button
                component={Link}
                to={`/models/${modelId}/versions/${version}`}
                variant="light"
              >
                Version {version} details
              </Button>
            )}
          </Group>
        ) : (
          <Alert color="yellow">The run finished but its registry entry is missing.</Alert>
        )}
      </Stack>
    </Card>
  );
}
