import { Anchor, Badge, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { Link } from 'react-router';

import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { ModelReport } from '@/components/model-report/model-report';
import { PageLoader } from '@/components/ui/page-loader';
import { formatDateTime } from '@/lib/formatters';

import { useExportVersion, useModel, useModelVersion } from '../api/use-models';

import { FeatureSchemaTable } from './feature-schema-table';
import { GateCell } from './gate-cell';

/** Which path serves this version's predictions, and why the fast one is off when it is. */
export function ServingPath({
  path,
  reason,
  trees = null,
}: {
  path: string | null;
  reason: string | null;
  trees?: string | null;
}) {
  return (
    <Text size="sm" c="dimmed" mt="sm">
      {path === null ? (
        'Serving path unknown'
      ) : (
        <>
          Predictions served by the{' '}
          <Badge variant="light" color={path === 'compiled' ? 'teal' : 'gray'} size="sm">
            {path === 'compiled' ? 'fast compiled path' : 'pandas pipeline path'}
          </Badge>
        </>
      )}
      {trees === 'treelite' && <> · trees run natively in Treelite</>}
      {trees === 'python' && <> · trees walked one by one in Python</>}
      {reason && <> · {reason}</>}
    </Text>
  );
}

/** One registered version: its evaluation, inputs and lineage. */
export function VersionDetail({ modelId, version }: { modelId: string; version: number }) {
  const model = useModel(modelId);
  const query = useModelVersion(modelId, version);
  const exportVersion = useExportVersion(modelId, model.data?.name ?? 'model');
  if (query.isLoading) return <PageLoader />;
  const v = query.data;
  if (!v) return <QueryErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Anchor component={Link} to={`/models/${modelId}`} size="sm">
            ← {model.data?.name ?? 'Model'}
          </Anchor>
          <Group gap="sm">
            <Title order={1} size="h2">
              {model.data?.name ?? 'Model'} v{v.version}
            </Title>
            {v.aliases.map((a) => (
              <Badge key={a} color={a === 'champion' ? 'teal' : 'grape'}>
                {a}
              </Badge>
            ))}
          </Group>
          <Text size="sm" c="dimmed">
            Target <b>{v.target}</b> · {v.task} · created {formatDateTime(v.created_at)}
            {v.training_job_id && (
              <>
                {' · '}
                <Anchor component={Link} to={`/training/${v.training_job_id}`} size="sm">
                  training job
                </Anchor>
              </>
            )}
          </Text>
        </Stack>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          onClick={() => exportVersion.mutate(v.version)}
          loading={exportVersion.isPending}
        >
          Export model (zip)
        </Button>
      </Group>
      <Card withBorder>
        <Group gap="xl" align="flex-start">
          <GateCell gate={v.gate} />
          <Text size="sm" c="dimmed" maw={640}>
            {String(v.gate.reason ?? '')}
          </Text>
        </Group>
        <ServingPath
          path={v.serving_path ?? null}
          reason={v.serving_reason ?? null}
          trees={v.serving_trees ?? null}
        />
        {v.mlflow_run_id && (
          <Text size="sm" c="dimmed" mt="sm">
            MLflow run <Code>{v.mlflow_run_id}</Code> · model URI <Code>{v.model_uri}</Code>
          </Text>
        )}
      </Card>
      <ModelReport report={v} />
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Inputs
        </Title>
        <FeatureSchemaTable schema={v.feature_schema} />
      </Card>
    </Stack>
  );
}
