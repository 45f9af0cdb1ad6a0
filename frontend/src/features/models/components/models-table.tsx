import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { IconBox } from '@tabler/icons-react';
import { Link } from 'react-router';

import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoader } from '@/components/ui/page-loader';
import { formatDateTime } from '@/lib/formatters';
import { useMetricCatalog } from '@/lib/metric-catalog';

import { useModels } from '../api/use-models';

/** Registered models, most recently updated first. */
export function ModelsTable() {
  const { data, error, isLoading, refetch } = useModels();
  const catalog = useMetricCatalog();
  if (isLoading) return <PageLoader />;
  if (error || !data) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;
  if (data.items.length === 0) {
    return (
      <EmptyState
        icon={<IconBox size={32} />}
        title="No models yet"
        description="Every successful training run registers a model version here."
        action={
          <Button component={Link} to="/training/new">
            Train a model
          </Button>
        }
      />
    );
  }
  return (
    <Table.ScrollContainer minWidth={720} scrollAreaProps={{ type: 'auto' }}>
      <Table highlightOnHover verticalSpacing="sm" aria-label="Models">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Task</Table.Th>
            <Table.Th>Metric</Table.Th>
            <Table.Th>Champion</Table.Th>
            <Table.Th>Versions</Table.Th>
            <Table.Th>Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.items.map((model) => (
            <Table.Tr key={model.id}>
              <Table.Td>
                <Anchor component={Link} to={`/models/${model.id}`} fw={500}>
                  {model.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{model.task}</Table.Td>
              <Table.Td>{catalog.label(model.metric)}</Table.Td>
              <Table.Td>
                {model.champion_version === null ? (
                  <Text size="sm" c="dimmed">
                    none
                  </Text>
                ) : (
                  <Badge color="teal" variant="light">
                    v{model.champion_version}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>
                {model.versions_count} (latest v{model.latest_version})
              </Table.Td>
              <Table.Td>{formatDateTime(model.updated_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
