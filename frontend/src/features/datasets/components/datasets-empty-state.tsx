import { Button, Tooltip } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';

import { EmptyState } from '@/components/ui/empty-state';

/** What a new user sees on the dashboard before any dataset exists. */
export function DatasetsEmptyState() {
  return (
    <EmptyState
      icon={<IconFileSpreadsheet size={34} />}
      title="Upload your first CSV"
      description="Add a CSV file to profile its columns, clean it up, and train a model that predicts the column you choose."
      action={
        <Tooltip label="Uploading arrives in the next release">
          {/* A disabled button swallows pointer events; the span keeps the tooltip reachable. */}
          <span tabIndex={0}>
            <Button leftSection={<IconUpload size={16} aria-hidden />} disabled>
              Upload CSV
            </Button>
          </span>
        </Tooltip>
      }
    />
  );
}
