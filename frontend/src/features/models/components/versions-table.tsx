import { ActionIcon, Anchor, Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { Link } from 'react-router';

import type { ModelDetail } from '@/api';
import { errorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/formatters';
import { useMetricCatalog } from '@/lib/metric-catalog';
import { compareToBaseline, formatMetric } from '@/lib/model-report';

import { useExportVersion } from '../api/use-models';

import { AliasActionButton } from './alias-action-button';
import { GateCell } from './gate-cell';

const ALIAS_COLORS = { champion: 'teal', challenger: 'grape' } as const;

/** Every version: aliases, holdout score vs baseline, the gate's numbers, promote and export. */
export function VersionsTable({ model }: { model: ModelDetail }) {
  const catalog = useMetricCatalog();
  const exportVersion = useExportVersion(model.id, model.name);
  const download = (version: number) =>
    exportVersion.mutate(version, {
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) }),
    });

  return (
    <Table.ScrollContainer minWidth={860} scrollAreaProps={{ type: 'auto' }}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th title={catalog.explanation(model.metric) ?? undefined}>
              Holdout {catalog.label(model.metric)}
            </Table.Th>
            <Table.Th>Promotion gate</Table.Th>
            <Table.Th>Trained on</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {model.versions.map((v) => {
            const cmp = compareToBaseline(
              v.metric,
              v.holdout_metrics,
              v.baseline_metrics,
              v.greater_is_better,
            );
            return (
              <Table.Tr key={v.version} aria-label={`Version ${v.version}`}>
                <Table.Td>
                  <Group gap="xs">
                    <Anchor
                      component={Link}
                      to={`/models/${model.id}/versions/${v.version}`}
                      fw={600}
                    >
                      v{v.version}
                    </Anchor>
                    {v.aliases.map((alias) => (
                      <Badge key={alias} size="sm" color={ALIAS_COLORS[alias]}>
                        {alias}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text ff="monospace" fw={500}>
                    {formatMetric(v.holdout_score, v.metric)}
                  </Text>
                  {cmp && (
                    <Text size="xs" c={cmp.beats ? 'teal.7' : 'red.7'}>
                      baseline {formatMetric(cmp.baseline, v.metric)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <GateCell gate={v.gate} />
                </Table.Td>
                <Table.Td>
                  {v.dataset_id ? (
                    <Anchor component={Link} to={`/datasets/${v.dataset_id}`} size="sm">
                      dataset v{v.dataset_version}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      deleted dataset
                    </Text>
                  )}
                  {v.training_job_id && (
                    <Anchor
                      component={Link}
                      to={`/training/${v.training_job_id}`}
                      size="xs"
                      display="block"
                    >
                      training job
                    </Anchor>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(v.created_at)}</Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {!v.aliases.includes('champion') && (
                      <AliasActionButton
                        modelId={model.id}
                        version={v.version}
                        championVersion={model.champion_version}
                      />
                    )}
                    <Tooltip label={`Export v${v.version} (MLflow model, zip)`}>
                      <ActionIcon
                        variant="default"
                        aria-label={`Export v${v.version}`}
                        onClick={() => download(v.version)}
                        loading={exportVersion.isPending && exportVersion.variables === v.version}
                      >
                        <IconDownload size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
