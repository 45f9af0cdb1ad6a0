import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Menu,
  Modal,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

import type { DatasetDetail } from '@/api';

import { useDeleteDataset, useRenameDataset } from '../api/use-dataset-mutations';
import { errorMessage } from '../lib/error-message';

type DatasetActionsProps = { dataset: DatasetDetail; onDeleted: () => void };

/** Rename or delete the dataset (delete asks first: it removes every version). */
export function DatasetActions({ dataset, onDeleted }: DatasetActionsProps) {
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const [name, setName] = useState(dataset.name);
  const rename = useRenameDataset(dataset.id);
  const remove = useDeleteDataset();
  const close = () => {
    setDialog(null);
    rename.reset();
    remove.reset();
  };

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" aria-label="Dataset actions">
            <IconDots size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={<IconPencil size={14} />}
            onClick={() => {
              setName(dataset.name);
              setDialog('rename');
            }}
          >
            Rename dataset
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => setDialog('delete')}
          >
            Delete dataset
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={dialog === 'rename'} onClose={close} title="Rename dataset">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            rename.mutate(name, { onSuccess: close });
          }}
        >
          <Stack>
            <TextInput
              label="Name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              data-autofocus
              required
            />
            {rename.error && (
              <Alert color="red" role="alert">
                {errorMessage(rename.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={rename.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={dialog === 'delete'} onClose={close} title="Delete dataset?">
        <Stack>
          <Text size="sm">
            {dataset.name} and all its {dataset.versions_count} versions will be deleted. This
            cannot be undone.
          </Text>
          {remove.error && (
            <Alert color="red" role="alert">
              {errorMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(dataset.id, { onSuccess: onDeleted })}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
