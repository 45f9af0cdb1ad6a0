import { Alert, Badge, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconBulb } from '@tabler/icons-react';

import type { TrainingPreview } from '@/api';
import { errorMessage } from '@/lib/error-message';
import { formatNumber } from '@/lib/formatters';

type TargetPreviewProps = {
  preview: TrainingPreview | undefined;
  isLoading: boolean;
  error: unknown;
};

/** The detected task for the chosen target and the reason the server gives for it. */
export function TargetPreview({ preview, isLoading, error }: TargetPreviewProps) {
  if (isLoading) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm" c="dimmed">
          Analysing the target…
        </Text>
      </Group>
    );
  }
  if (error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="Cannot use this target">
        {errorMessage(error)}
      </Alert>
    );
  }
  if (!preview) return null;
  if (!preview.usable) {
    return (
      <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="Cannot learn this target">
        {preview.problem}
      </Alert>
    );
  }
  const classes = preview.classes ?? [];
  return (
    <Alert
      color="blue"
      variant="light"
      icon={<IconBulb aria-hidden />}
      title={
        <Group gap="xs">
          <span>Detected task:</span>
          <Badge variant="filled">{preview.task}</Badge>
        </Group>
      }
      aria-label="Detected task"
    >
      <Stack gap={4}>
        <Text size="sm">Why: {preview.task_explanation}</Text>
        <Text size="sm" c="dimmed">
          {formatNumber(preview.rows)} rows
          {preview.missing_target > 0 &&
            ` · ${formatNumber(preview.missing_target)} without a target value are skipped`}
        </Text>
        {classes.length > 0 && (
          <Group gap={6}>
            {classes.slice(0, 12).map((c) => (
              <Badge key={String(c.label)} variant="outline" color="gray" tt="none">
                {String(c.label)}: {formatNumber(c.count)}
              </Badge>
            ))}
            {classes.length > 12 && (
              <Text size="xs" c="dimmed">
                +{classes.length - 12} more
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
