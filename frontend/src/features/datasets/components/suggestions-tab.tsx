import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';

import type { DatasetVersionRead } from '@/api';
import { EmptyState } from '@/components/ui/empty-state';

import { useApplyOperations } from '../api/use-apply-operations';
import { useSuggestions } from '../api/use-suggestions';
import { errorMessage } from '../lib/error-message';
import { describeOperation, type StoredOperation } from '../lib/operation-summary';

const SEVERITY_COLOR = { high: 'red', medium: 'orange', low: 'gray' } as const;

/** The advice part of a reason ("evidence — advice"), capitalised. */
function adviceOf(reason: string, evidence: string): string {
  const advice = reason.startsWith(evidence)
    ? reason.slice(evidence.length).replace(/^\s*—\s*/, '')
    : reason;
  return advice ? advice.charAt(0).toUpperCase() + advice.slice(1) : reason;
}

function formatShare(share: number): string {
  if (share > 0 && share < 0.01) return '<1%';
  return `${Math.round(share * 100)}%`;
}

type SuggestionsTabProps = {
  datasetId: string;
  version: number;
  onVersionCreated: (version: DatasetVersionRead) => void;
};

/** Cleaning suggestions with their evidence; one click applies one as a new version. */
export function SuggestionsTab({ datasetId, version, onVersionCreated }: SuggestionsTabProps) {
  const suggestions = useSuggestions(datasetId, version);
  const { apply, mutation } = useApplyOperations(datasetId, version, onVersionCreated);
  const [applying, setApplying] = useState<number | null>(null);

  if (suggestions.isPending)
    return <Skeleton h={200} radius="md" aria-label="Loading suggestions" />;
  if (suggestions.error) {
    return (
      <Alert color="red" role="alert" title="Could not load suggestions">
        {errorMessage(suggestions.error)}
      </Alert>
    );
  }
  const protectedColumns = suggestions.data.protected_columns ?? [];
  const protectedNote = protectedColumns.length > 0 && (
    <Text size="sm" c="dimmed">
      Left alone as the target of a trained model: {protectedColumns.join(', ')}.
    </Text>
  );
  if (suggestions.data.items.length === 0) {
    return (
      <Stack gap="sm">
        {protectedNote}
        <EmptyState
          icon={<IconSparkles size={30} />}
          title="Nothing to clean"
          description="No missing-value, constant, duplicate or outlier problems were found in this version."
        />
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Most useful first: by severity, then by the share of rows each problem touches.
      </Text>
      {protectedNote}
      {mutation.error && (
        <Alert
          color="red"
          role="alert"
          title="Not applied"
          withCloseButton
          onClose={() => mutation.reset()}
        >
          {errorMessage(mutation.error)}
        </Alert>
      )}
      {suggestions.data.items.map((s, i) => (
        <Card
          key={`${s.kind}-${s.column ?? ''}-${i}`}
          withBorder
          radius="md"
          padding="sm"
          component="article"
          aria-label={`Suggestion: ${describeOperation(s.operation as StoredOperation)}`}
        >
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={4}>
              <Group gap="xs">
                <Badge
                  size="xs"
                  color={SEVERITY_COLOR[s.severity as keyof typeof SEVERITY_COLOR] ?? 'gray'}
                >
                  {s.severity}
                </Badge>
                {s.column && (
                  <Text size="sm" fw={600}>
                    {s.column}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {s.kind.replaceAll('_', ' ')}
                </Text>
              </Group>
              <Text size="sm">
                <Text span fw={600}>
                  Evidence:
                </Text>{' '}
                {s.evidence}
              </Text>
              <Text size="sm">{adviceOf(s.reason, s.evidence)}</Text>
              <Text size="xs" c="dimmed">
                Impact: {formatShare(s.impact)} of rows or values · Applies:{' '}
                {describeOperation(s.operation as StoredOperation)}
              </Text>
            </Stack>
            <Button
              size="xs"
              variant="light"
              loading={mutation.isPending && applying === i}
              disabled={mutation.isPending && applying !== i}
              onClick={() => {
                setApplying(i);
                void apply([s.operation]).catch(() => undefined);
              }}
            >
              Apply
            </Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
