import { notifications } from '@mantine/notifications';

import type { DatasetVersionRead } from '@/api';

import { useCreateVersion, type Operation } from './use-dataset-mutations';

/**
 * Applies operations on top of the version being viewed and reports the new version: a
 * notification with its shape, then `onCreated` (the page switches to it).
 */
export function useApplyOperations(
  datasetId: string,
  baseVersion: number,
  onCreated: (version: DatasetVersionRead) => void,
) {
  const mutation = useCreateVersion(datasetId);
  const apply = (operations: Operation[]) =>
    mutation.mutateAsync({ baseVersion, operations }).then((version) => {
      notifications.show({
        color: 'green',
        title: `Version ${version.number} created`,
        message: `${version.rows.toLocaleString('en-US')} rows, ${version.columns} columns.`,
      });
      onCreated(version);
      return version;
    });
  return { apply, mutation };
}
