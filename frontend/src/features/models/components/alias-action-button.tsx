import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCrown } from '@tabler/icons-react';

import { errorMessage } from '@/lib/error-message';

import { useSetAlias } from '../api/use-models';

type AliasActionButtonProps = {
  modelId: string;
  version: number;
  championVersion: number | null;
};

/** "Promote" a newer version or "Roll back" to an older one: one click, then a confirmation. */
export function AliasActionButton({ modelId, version, championVersion }: AliasActionButtonProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const setAlias = useSetAlias(modelId);
  const rollback = championVersion !== null && version < championVersion;
  const label = rollback ? `Roll back to v${version}` : `Promote v${version}`;

  const confirm = () =>
    setAlias.mutate(
      {
        alias: 'champion',
        version,
        reason: rollback ? `rolled back from v${championVersion}` : 'promoted from the web app',
      },
      {
        onSuccess: () => {
          close();
          notifications.show({ color: 'teal', message: `v${version} is now the champion.` });
        },
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
      },
    );

  return (
    <>
      <Button
        size="compact-sm"
        variant="light"
        color={rollback ? 'orange' : 'teal'}
        leftSection={
          rollback ? <IconArrowBackUp size={14} aria-hidden /> : <IconCrown size={14} aria-hidden />
        }
        onClick={open}
      >
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={`${label}?`} centered>
        <Text size="sm">
          Version {version} becomes the champion: predictions that do not name a version use it at
          once.
          {championVersion !== null &&
            ` Version ${championVersion} stays available and can be made champion again.`}
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Keep v{championVersion ?? '—'}
          </Button>
          <Button
            color={rollback ? 'orange' : 'teal'}
            onClick={confirm}
            loading={setAlias.isPending}
          >
            {rollback ? 'Roll back' : 'Promote'}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
