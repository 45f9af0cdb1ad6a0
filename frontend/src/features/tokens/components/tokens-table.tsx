import { Badge, Button, Card, Code, Group, Modal, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';

import type { ApiTokenRead } from '@/api';
import { QueryErrorAlert } from '@/components/errors/query-error-alert';
import { PageLoader } from '@/components/ui/page-loader';
import { errorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/formatters';

import { useRevokeToken, useTokens } from '../api/use-tokens';
import { tokenStatus } from '../lib/token-status';

const STATUS_COLORS = { active: 'teal', expired: 'gray', revoked: 'red' } as const;

/** Your tokens (never their secrets) with a revoke button. */
export function TokensTable() {
  const { data, error, isLoading, refetch } = useTokens();
  const revoke = useRevokeToken();
  const [target, setTarget] = useState<ApiTokenRead | null>(null);
  if (isLoading) return <PageLoader />;
  if (!data) return <QueryErrorAlert error={error} onRetry={() => void refetch()} />;

  const confirm = () =>
    target &&
    revoke.mutate(target.id, {
      onSuccess: () => (
        setTarget(null),
        notifications.show({ color: 'teal', message: `Revoked “${target.name}”.` })
      ),
      onError: (e) =>
        notifications.show({ color: 'red', title: 'Not revoked', message: errorMessage(e) }),
    });

  return (
    <Card withBorder padding="lg">
      {data.length === 0 ? (
        <Text c="dimmed" ta="center">
          No tokens yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} scrollAreaProps={{ type: 'auto' }}>
          <Table verticalSpacing="sm" aria-label="API tokens">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Token</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Created</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.map((t) => {
                const status = tokenStatus(t);
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td fw={500}>{t.name}</Table.Td>
                    <Table.Td>
                      <Code>{t.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[status]} variant="light">
                        {status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(t.created_at)}</Table.Td>
                    <Table.Td>{t.expires_at ? formatDateTime(t.expires_at) : 'never'}</Table.Td>
                    <Table.Td>{t.last_used_at ? formatDateTime(t.last_used_at) : 'never'}</Table.Td>
                    <Table.Td>
                      {status === 'active' && (
                        <Button
                          size="compact-sm"
                          color="red"
                          variant="subtle"
                          onClick={() => setTarget(t)}
                          aria-label={`Revoke ${t.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={`Revoke “${target?.name ?? ''}”?`}
        centered
      >
        <Text size="sm">
          Programs using this token stop working at once. This cannot be undone.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setTarget(null)}>
            Keep it
          </Button>
          <Button color="red" onClick={confirm} loading={revoke.isPending}>
            Revoke token
          </Button>
        </Group>
      </Modal>
    </Card>
  );
}
