import { Badge, Stack, Text, Tooltip } from '@mantine/core';

import { formatMetric } from '@/lib/model-report';

/** The promotion gate's decision for a version, with the numbers it compared. */
export function GateCell({ gate }: { gate: Record<string, unknown> }) {
  const decision = typeof gate.decision === 'string' ? gate.decision : null;
  if (!decision)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const championVersion = num(gate.champion_version);
  return (
    <Tooltip label={String(gate.reason ?? '')} multiline w={280} disabled={!gate.reason}>
      <Stack gap={2}>
        <Badge size="sm" variant="outline" color={decision === 'champion' ? 'teal' : 'grape'}>
          gate: {decision}
        </Badge>
        <Text size="xs" c="dimmed" ff="monospace">
          {formatMetric(num(gate.candidate_score))}
          {championVersion !== null
            ? ` vs v${championVersion} ${formatMetric(num(gate.champion_score))}`
            : ' (first)'}
        </Text>
      </Stack>
    </Tooltip>
  );
}
