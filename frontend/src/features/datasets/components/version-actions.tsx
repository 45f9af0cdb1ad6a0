import { ActionIcon, Group, Menu, Tooltip } from '@mantine/core';
import { IconDownload, IconEye, IconRestore } from '@tabler/icons-react';

import type { DownloadFormat } from '../api/download-version';

type VersionActionsProps = {
  number: number;
  isCurrent: boolean;
  isViewed: boolean;
  restoring: boolean;
  onView: () => void;
  onRestore: () => void;
  onDownload: (format: DownloadFormat) => void;
};

/** Compact per-version actions: view, restore (not for the current one), download. */
export function VersionActions({
  number,
  isCurrent,
  isViewed,
  restoring,
  onView,
  onRestore,
  onDownload,
}: VersionActionsProps) {
  return (
    <Group gap={2} wrap="nowrap">
      <Tooltip label={isViewed ? 'Shown now' : 'Browse this version'}>
        <ActionIcon
          variant="subtle"
          onClick={onView}
          disabled={isViewed}
          aria-label={`View version ${number}`}
        >
          <IconEye size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Tooltip
        label={isCurrent ? 'Already the current version' : 'Make this the current version again'}
      >
        <ActionIcon
          variant="subtle"
          onClick={onRestore}
          disabled={isCurrent}
          loading={restoring}
          aria-label={`Restore version ${number}`}
        >
          <IconRestore size={16} aria-hidden />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Tooltip label="Download">
            <ActionIcon variant="subtle" aria-label={`Download version ${number}`}>
              <IconDownload size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Version {number} as</Menu.Label>
          <Menu.Item onClick={() => onDownload('csv')}>CSV</Menu.Item>
          <Menu.Item onClick={() => onDownload('parquet')}>Parquet</Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
