import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';

import type { RetrainOutcome, ScheduleRead } from '@/api';
import { errorMessage } from '@/lib/error-message';
import { formatDateTime } from '@/lib/formatters';

import { useDeleteSchedule, useSaveSchedule, useSchedule } from '../api/use-monitoring';
import { CADENCE_PRESETS, cadencePreset } from '../lib/monitoring';

function LastOutcome({ outcome }: { outcome: RetrainOutcome }) {
  const { status, job_id: jobId } = outcome;
  return (
    <Group gap="xs">
      <Text size="sm">Last run:</Text>
      <Badge
        color={status === 'succeeded' ? 'teal' : status === 'failed' ? 'red' : 'gray'}
        variant="light"
      >
        {status}
      </Badge>
      {outcome.model_version !== null && <Text size="sm">v{outcome.model_version}</Text>}
      {outcome.gate_decision && <Text size="sm">gate: {outcome.gate_decision}</Text>}
      {jobId && (
        <Anchor component={Link} to={`/training/${jobId}`} size="sm">
          training job
        </Anchor>
      )}
      {outcome.error && (
        <Text size="sm" c="red">
          {outcome.error}
        </Text>
      )}
    </Group>
  );
}

function Editor({ modelId, schedule }: { modelId: string; schedule: ScheduleRead | null }) {
  const [preset, setPreset] = useState(schedule ? cadencePreset(schedule.cadence) : 'weekly');
  const [cron, setCron] = useState(
    schedule && cadencePreset(schedule.cadence) === 'custom' ? schedule.cadence : '0 3 * * 1',
  );
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const save = useSaveSchedule(modelId);
  const remove = useDeleteSchedule(modelId);
  const cadence = preset === 'custom' ? cron.trim() : preset;
  const onError = (e: unknown) =>
    notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) });

  return (
    <Stack gap="sm">
      <Group align="flex-end">
        <Select
          label="Cadence"
          data={CADENCE_PRESETS}
          value={preset}
          onChange={(v) => v && setPreset(v)}
          allowDeselect={false}
          w={260}
        />
        {preset === 'custom' && (
          <TextInput
            label="Cron expression (UTC)"
            description="At most hourly"
            value={cron}
            onChange={(e) => setCron(e.currentTarget.value)}
            w={220}
          />
        )}
        {schedule && (
          <Switch
            label="Enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
            mb={8}
          />
        )}
      </Group>
      {save.isError && <Alert color="red">{errorMessage(save.error)}</Alert>}
      <Group>
        <Button
          onClick={() =>
            save.mutate(
              { cadence, enabled },
              {
                onSuccess: () => notifications.show({ color: 'teal', message: 'Schedule saved.' }),
              },
            )
          }
          loading={save.isPending}
          disabled={!cadence}
        >
          {schedule ? 'Save schedule' : 'Create schedule'}
        </Button>
        {schedule && (
          <Button
            variant="subtle"
            color="red"
            loading={remove.isPending}
            onClick={() => remove.mutate(undefined, { onError })}
          >
            Remove schedule
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/** Retrain the model on its dataset's newest version on a cadence; shows what the last run did. */
export function ScheduleForm({ modelId }: { modelId: string }) {
  const { data: schedule, isLoading, error } = useSchedule(modelId);
  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          Retraining schedule
        </Title>
        <Text size="sm" c="dimmed">
          Retrains on the newest version of the dataset with the same settings; the promotion gate
          decides whether the new version becomes champion.
        </Text>
        {error && <Alert color="red">{errorMessage(error)}</Alert>}
        {!isLoading && !error && !schedule && (
          <Text size="sm" fw={500}>
            No schedule yet: this model is not retrained automatically. Pick a cadence and create
            one.
          </Text>
        )}
        {schedule && (
          <Text size="sm">
            {schedule.enabled ? 'Next run' : 'Paused; would run'}{' '}
            {schedule.next_run_at ? formatDateTime(schedule.next_run_at) : '—'}
            {schedule.last_run_at && ` · last run ${formatDateTime(schedule.last_run_at)}`}
          </Text>
        )}
        {schedule?.last_outcome && <LastOutcome outcome={schedule.last_outcome} />}
        {!isLoading && !error && (
          <Editor
            key={schedule?.updated_at ?? 'new'}
            modelId={modelId}
            schedule={schedule ?? null}
          />
        )}
      </Stack>
    </Card>
  );
}
