import { Alert, Badge, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';

import type { DatasetVersionRead } from '@/api';
import { usersReadMeOptions } from '@/api/@tanstack/react-query.gen';
import { formatDateTime, formatNumber } from '@/lib/formatters';

import { downloadVersion, type DownloadFormat } from '../api/download-version';
import { useRestoreVersion } from '../api/use-dataset-mutations';
import { errorMessage } from '../lib/error-message';
import { describeOrigin, reportSteps } from '../lib/operation-summary';
import { VersionActions } from './version-actions';
import { VersionCompare } from './version-compare';

type VersionsTabProps = {
  datasetId: string;
  datasetName: string;
  versions: DatasetVersionRead[];
  viewing: number;
  onView: (version: number) => void;
  onRestored: (version: DatasetVersionRead) => void;
};

function Delta({ now, before }: { now: number; before: number | undefined }) {
  if (before === undefined || now === before) return null;
  const diff = now - before;
  return (
    <Text span size="xs" c={diff < 0 ? 'red' : 'green'} ml={4}>
      ({diff > 0 ? '+' : ''}
      {formatNumber(diff)})
    </Text>
  );
}

/** Every version: who made it, when, how, its shape; view, restore or download any of them. */
export function VersionsTab({
  datasetId,
  datasetName,
  versions,
  viewing,
  onView,
  onRestored,
}: VersionsTabProps) {
  const me = useQuery(usersReadMeOptions());
  const restore = useRestoreVersion(datasetId);
  const byNumber = new Map(versions.map((v) => [v.number, v]));
  const save = (number: number, format: DownloadFormat) =>
    downloadVersion(datasetId, datasetName, number, format).catch((error: unknown) =>
      notifications.show({ color: 'red', title: 'Download failed', message: errorMessage(error) }),
    );
  const doRestore = (number: number) =>
    restore.mutate(number, {
      onSuccess: (created) => {
        notifications.show({
          color: 'green',
          title: `Version ${number} restored`,
          message: `It is now version ${created.number}.`,
        });
        onRestored(created);
      },
    });

  return (
    <Stack gap="md">
      {restore.error && (
        <Alert
          color="red"
          role="alert"
          title="Could not restore"
          withCloseButton
          onClose={() => restore.reset()}
        >
          {errorMessage(restore.error)}
        </Alert>
      )}
      <Table.ScrollContainer minWidth={720} scrollAreaProps={{ type: 'auto' }}>
        <Table verticalSpacing="sm" aria-label="Version history" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>What changed</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th ta="right">Rows</Table.Th>
              <Table.Th ta="right">Columns</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...versions].reverse().map((v) => {
              const parent = v.parent_number === null ? undefined : byNumber.get(v.parent_number);
              return (
                <Table.Tr
                  key={v.id}
                  bg={v.number === viewing ? 'var(--mantine-color-blue-light)' : undefined}
                  aria-label={`Version ${v.number}`}
                >
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Text fw={600}>v{v.number}</Text>
                      {v.is_current && (
                        <Badge size="xs" style={{ flexShrink: 0 }}>
                          current
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td maw={360}>
                    <Text size="sm">{describeOrigin(v.origin, v.parent_number, v.operations)}</Text>
                    {reportSteps(v.cleaning_report).map((step) => (
                      <Text size="xs" c="dimmed" key={step}>
                        {step}
                      </Text>
                    ))}
                    {v.parent_number !== null && v.origin !== 'restore' && (
                      <Text size="xs" c="dimmed">
                        from v{v.parent_number}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {v.created_by && v.created_by === me.data?.id
                        ? 'You'
                        : (v.created_by?.slice(0, 8) ?? '—')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(v.created_at)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(v.rows)}
                    <Delta now={v.rows} before={parent?.rows} />
                  </Table.Td>
                  <Table.Td ta="right">
                    {formatNumber(v.columns)}
                    <Delta now={v.columns} before={parent?.columns} />
                  </Table.Td>
                  <Table.Td>
                    <VersionActions
                      number={v.number}
                      isCurrent={v.is_current}
                      isViewed={v.number === viewing}
                      restoring={restore.isPending && restore.variables === v.number}
                      onView={() => onView(v.number)}
                      onRestore={() => doRestore(v.number)}
                      onDownload={(format) => void save(v.number, format)}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {versions.length > 1 && <VersionCompare versions={versions} />}
    </Stack>
  );
}
