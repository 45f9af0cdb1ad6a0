import { Card, Group, List, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import type { DatasetVersionRead } from '@/api';
import { formatNumber } from '@/lib/formatters';

import { compareVersions } from '../lib/compare-versions';

function signed(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}

/** Pick two versions and see how their shape, columns and missing values differ. */
export function VersionCompare({ versions }: { versions: DatasetVersionRead[] }) {
  const options = versions.map((v) => ({ value: String(v.number), label: `Version ${v.number}` }));
  // Until the user picks, compare the first version with the latest one, including versions
  // created while this card is open (a fixed initial pick would hide the newest changes).
  const [pickedFrom, setFrom] = useState<string | null>(null);
  const [pickedTo, setTo] = useState<string | null>(null);
  const from = pickedFrom ?? String(versions[0]?.number ?? 1);
  const to = pickedTo ?? String(versions[versions.length - 1]?.number ?? 1);
  const a = versions.find((v) => String(v.number) === from);
  const b = versions.find((v) => String(v.number) === to);
  const diff = a && b ? compareVersions(a, b) : null;

  return (
    <Card withBorder radius="md" component="section" aria-label="Compare versions">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <Title order={3} size="h5">
            Compare versions
          </Title>
          <Group gap="xs">
            <Select
              size="xs"
              w={130}
              label="From"
              data={options}
              value={from}
              onChange={(v) => v && setFrom(v)}
              allowDeselect={false}
            />
            <Select
              size="xs"
              w={130}
              label="To"
              data={options}
              value={to}
              onChange={(v) => v && setTo(v)}
              allowDeselect={false}
            />
          </Group>
        </Group>
        {a && b && diff && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={2}>
              <Text size="sm">
                Rows: {formatNumber(a.rows)} → {formatNumber(b.rows)} ({signed(diff.rows)})
              </Text>
              <Text size="sm">
                Columns: {formatNumber(a.columns)} → {formatNumber(b.columns)} (
                {signed(diff.columns)})
              </Text>
            </Stack>
            <List size="sm" spacing={2}>
              {diff.added.length > 0 && <List.Item>Added: {diff.added.join(', ')}</List.Item>}
              {diff.removed.length > 0 && <List.Item>Removed: {diff.removed.join(', ')}</List.Item>}
              {diff.retyped.map((r) => (
                <List.Item key={r.name}>
                  {r.name}: {r.from} → {r.to}
                </List.Item>
              ))}
              {diff.missing.map((m) => (
                <List.Item key={m.name}>
                  {m.name}: {formatNumber(m.from)} → {formatNumber(m.to)} missing
                </List.Item>
              ))}
              {diff.added.length +
                diff.removed.length +
                diff.retyped.length +
                diff.missing.length ===
                0 && <List.Item>Same columns, types and missing counts.</List.Item>}
            </List>
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}
