import { Button, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlayerStop } from '@tabler/icons-react';

import { errorMessage } from '@/lib/error-message';

import { useCancelTrainingJob } from '../api/use-training-job';

/** Cancel with a confirmation: the work done so far is thrown away. */
export function CancelJobButton({ jobId, disabled }: { jobId: string; disabled?: boolean }) {
  const [opened, { open, close }] = useDisclosure(false);
  const cancel = useCancelTrainingJob(jobId);

  const confirm = () =>
    cancel.mutate(undefined, {
      onSuccess: close,
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Could not cancel',
          message: errorMessage(error),
        }),
    });

  return (
    <>
      <Button
        color="red"
        variant="light"
        leftSection={<IconPlayerStop size={16} aria-hidden />}
        onClick={open}
        disabled={disabled}
      >
        {disabled ? 'Cancelling…' : 'Cancel training'}
      </Button>
      <Modal opened={opened} onClose={close} title="Cancel this training job?" centered>
        <Text size="sm">
          The search stops and no model version is registered. This cannot be undone.
        </Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>
            Keep training
          </Button>
          <Button color="red" onClick={confirm} loading={cancel.isPending}>
            Cancel job
          </Button>
        </Group>
      </Modal>
    </>
  );
}
