import { Alert, Button } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';

import { errorMessage } from '@/lib/error-message';

type QueryErrorAlertProps = {
  error: unknown;
  title?: string;
  onRetry?: () => void;
};

/** A failed load, in words, with a retry button when the caller can retry. */
export function QueryErrorAlert({
  error,
  title = 'Could not load',
  onRetry,
}: QueryErrorAlertProps) {
  return (
    <Alert color="red" icon={<IconAlertCircle aria-hidden />} title={title} role="alert">
      {errorMessage(error)}
      {onRetry && (
        <Button size="xs" variant="light" color="red" ml="sm" onClick={onRetry}>
          Retry
        </Button>
      )}
    </Alert>
  );
}
