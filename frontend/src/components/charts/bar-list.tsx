import { Box, Group, Text, Tooltip } from '@mantine/core';

export type BarListItem = { label: string; value: number; display?: string };

type BarListProps = {
  /** Accessible name, e.g. "Most frequent values of city". */
  title: string;
  items: BarListItem[];
  /** The value of a full bar (default: the largest value). */
  max?: number;
  color?: string;
};

/**
 * Horizontal bars as an HTML list: labels stay crisp and selectable, long labels truncate with a
 * tooltip, and screen readers read "label: value" per item.
 */
export function BarList({
  title,
  items,
  max,
  color = 'var(--mantine-color-blue-5)',
}: BarListProps) {
  const full = max ?? Math.max(0, ...items.map((item) => item.value));
  return (
    <Box component="ul" aria-label={title} m={0} p={0} style={{ listStyle: 'none' }}>
      {items.map((item) => {
        const share = full > 0 ? Math.max(0, Math.min(1, item.value / full)) : 0;
        const display = item.display ?? item.value.toLocaleString('en-US');
        return (
          <Box component="li" key={item.label} mb={6} aria-label={`${item.label}: ${display}`}>
            <Group gap="xs" wrap="nowrap" justify="space-between">
              <Tooltip label={item.label} openDelay={400} disabled={item.label.length < 24}>
                <Text size="xs" truncate="end" maw="65%">
                  {item.label}
                </Text>
              </Tooltip>
              <Text size="xs" c="dimmed" ff="monospace">
                {display}
              </Text>
            </Group>
            <Box h={6} bg="var(--mantine-color-gray-1)" style={{ borderRadius: 3 }} aria-hidden>
              <Box
                h="100%"
                w={`${share * 100}%`}
                bg={color}
                style={{ borderRadius: 3, minWidth: share > 0 ? 2 : 0 }}
              />
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
