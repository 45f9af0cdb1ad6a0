import { Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { DriftPanel } from './drift-panel';
import { ScheduleForm } from './schedule-form';
import { UsagePanel } from './usage-panel';

const WINDOWS = [
  { value: '24', label: '24 h' },
  { value: '168', label: '7 days' },
  { value: '720', label: '30 days' },
];

/** Drift, traffic and the retraining schedule of one model. */
export function MonitoringTab({ modelId }: { modelId: string }) {
  const [hours, setHours] = useState('168');
  return (
    <Stack gap="lg">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Recent predictions compared with the training data of the champion.
        </Text>
        <SegmentedControl
          data={WINDOWS}
          value={hours}
          onChange={setHours}
          aria-label="Time window"
        />
      </Group>
      <DriftPanel modelId={modelId} windowHours={Number(hours)} />
      <Title order={3} size="h4">
        Traffic
      </Title>
      <UsagePanel modelId={modelId} hours={Number(hours)} />
      <ScheduleForm modelId={modelId} />
    </Stack>
  );
}
