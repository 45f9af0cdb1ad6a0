import { Text, Timeline } from '@mantine/core';

import type { AliasEventRead } from '@/api';
import { formatDateTime } from '@/lib/formatters';

/** Who moved which alias when, newest first. */
export function AliasHistory({ events }: { events: AliasEventRead[] }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No alias changes yet.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={12} lineWidth={2} aria-label="Alias history">
      {events.slice(0, 10).map((e) => (
        <Timeline.Item
          key={`${e.created_at}-${e.alias}`}
          title={`${e.alias}: ${e.from_version === null ? '—' : `v${e.from_version}`} → ${e.to_version === null ? '—' : `v${e.to_version}`}`}
        >
          <Text size="xs" c="dimmed">
            {formatDateTime(e.created_at)}
            {e.reason && ` · ${e.reason}`}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
