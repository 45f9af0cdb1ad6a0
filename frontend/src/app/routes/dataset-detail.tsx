import { useParams } from 'react-router';

import { DatasetView } from '@/features/datasets';

export function DatasetDetailRoute() {
  const { datasetId = '' } = useParams();
  // Keyed by id: moving to another dataset starts from a clean page state.
  return <DatasetView key={datasetId} datasetId={datasetId} />;
}
