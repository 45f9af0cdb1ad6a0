import { Badge, Stack, Text, Tooltip } from '@mantine/core';

import type { GateDecision } from '@/api';
import { formatMetric } from '@/lib/model-report';

/** The promotion gate's decision for a version, with the numbers it compared. */
export function GateCell({ gate }: { gate: GateDecision }) {
  const decision = gate.decision ?? null;
  if (!decision)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const championVersion = gate.champion_version ?? null;
  return (
    <Tooltip label={gate.reason ?? ''} multiline w={280} disabled={!gate.reason}>
      <Stack gap={2}>
        <Badge size="sm" variant="outline" color={decision === 'champion' ? 'teal' : 'grape'}>
          gate: {decision}
        </Badge>
        <Text size="xs" c="dimmed" ff="monospace">
          {formatMetric(gate.candidate_score)}
          {championVersion !== null
            ? ` vs v${championVersion} ${formatMetric(gate.champion_score)}`
            : ' (first)'}
        </Text>
      </Stack>
    </Tooltip>
  );
}
