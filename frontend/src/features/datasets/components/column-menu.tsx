import { ActionIcon, Menu } from '@mantine/core';
import {
  IconChartBar,
  IconDots,
  IconEraser,
  IconPencil,
  IconTransform,
  IconTrash,
} from '@tabler/icons-react';

import type { SemanticType } from '@/api';

import type { ColumnAction } from '../lib/column-operations';

type ColumnMenuProps = {
  column: string;
  type: SemanticType | undefined;
  missing: number;
  onAction: (action: ColumnAction) => void;
};

/** Per-column actions in the grid header; each one but Profile makes a new version. */
export function ColumnMenu({ column, type, missing, onAction }: ColumnMenuProps) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={220}>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Column menu for ${column}`}
        >
          <IconDots size={14} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {column} · {type ?? 'unknown type'}
          {missing > 0 ? ` · ${missing} missing` : ''}
        </Menu.Label>
        <Menu.Item leftSection={<IconChartBar size={14} />} onClick={() => onAction('profile')}>
          Profile
        </Menu.Item>
        <Menu.Item leftSection={<IconTransform size={14} />} onClick={() => onAction('cast')}>
          Change type…
        </Menu.Item>
        <Menu.Item
          leftSection={<IconEraser size={14} />}
          onClick={() => onAction('impute')}
          disabled={missing === 0}
        >
          Fill missing values…
        </Menu.Item>
        <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => onAction('rename')}>
          Rename…
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconTrash size={14} />}
          onClick={() => onAction('drop')}
        >
          Drop column…
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
