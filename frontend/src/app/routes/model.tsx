import { Badge, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useParams, useSearchParams } from 'react-router';

import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { PageLoader } from '@/components/ui/page-loader';
import { AliasHistory, useModel, VersionsTable } from '@/features/models';
import { MonitoringTab } from '@/features/monitoring';
import { ApiSnippets, BatchScoring, PredictionForm, PredictionLog } from '@/features/predictions';

import { pageTitle } from '../constants';

const TABS = ['overview', 'predict', 'batch', 'log', 'monitoring'] as const;

/** A model: versions and aliases, predict (form, batch), the log and monitoring, one tab each. */
export function ModelRoute() {
  const { modelId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'overview';
  const { data: model, error, isLoading, refetch } = useModel(modelId);
  if (isLoading) return <PageLoader />;
  if (!model) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  const champion = model.versions.find((v) => v.aliases.includes('champion'));
  const retrainFrom = champion?.dataset_id ?? model.versions[0]?.dataset_id;

  return (
    <>
      <title>{pageTitle(model.name)}</title>
      <Group justify="space-between" align="flex-start" mb="lg">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={1} size="h2">
              {model.name}
            </Title>
            {model.champion_version !== null && (
              <Badge color="teal" size="lg">
                champion v{model.champion_version}
              </Badge>
            )}
            {model.challenger_version !== null && (
              <Badge color="grape" size="lg" variant="light">
                challenger v{model.challenger_version}
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm">
            {model.task} · {model.versions_count} version{model.versions_count === 1 ? '' : 's'} ·
            optimises {model.metric}
          </Text>
        </Stack>
        {retrainFrom && (
          <Button
            component={Link}
            to={`/datasets/${retrainFrom}/train?model=${model.id}`}
            variant="light"
            leftSection={<IconPlus size={16} aria-hidden />}
          >
            Train a new version
          </Button>
        )}
      </Group>
      <Tabs
        value={tab}
        onChange={(t) => setParams(t && t !== 'overview' ? { tab: t } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Versions</Tabs.Tab>
          <Tabs.Tab value="predict">Predict</Tabs.Tab>
          <Tabs.Tab value="batch">Batch scoring</Tabs.Tab>
          <Tabs.Tab value="log">Prediction log</Tabs.Tab>
          <Tabs.Tab value="monitoring">Monitoring</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Stack gap="md">
            <Card withBorder padding="lg">
              <VersionsTable model={model} />
            </Card>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Card withBorder padding="lg">
                <Title order={2} size="h4" mb="sm">
                  Call the API
                </Title>
                <ApiSnippets modelId={model.id} version={champion ?? model.versions[0]} />
              </Card>
              <Card withBorder padding="lg">
                <Title order={2} size="h4" mb="sm">
                  Alias history
                </Title>
                <AliasHistory events={model.alias_history} />
              </Card>
            </SimpleGrid>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="predict">
          <PredictionForm
            modelId={model.id}
            versions={model.versions}
            championVersion={model.champion_version}
          />
        </Tabs.Panel>
        <Tabs.Panel value="batch">
          <BatchScoring modelId={model.id} versions={model.versions} />
        </Tabs.Panel>
        <Tabs.Panel value="log">
          <PredictionLog modelId={model.id} versions={model.versions} />
        </Tabs.Panel>
        <Tabs.Panel value="monitoring">
          <MonitoringTab modelId={model.id} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
