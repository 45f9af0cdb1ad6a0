import { IconFileSpreadsheet } from '@tabler/icons-react';

import { EmptyState } from '@/components/ui/empty-state';

/** What a new user sees on the dashboard before any dataset exists. */
export function DatasetsEmptyState() {
  return (
    <EmptyState
      icon={<IconFileSpreadsheet size={34} />}
      title="Upload your first CSV"
      description="Drop a CSV file above to profile its columns, clean it up, and train a model that predicts the column you choose."
    />
  );
}
