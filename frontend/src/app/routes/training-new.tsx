import { useNavigate, useParams } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { TrainingWizard } from '@/features/training';

import { pageTitle } from '../constants';

/** /training/new (pick a dataset) and /datasets/:datasetId/train (dataset preselected). */
export function TrainingNewRoute() {
  const { datasetId } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <title>{pageTitle('Train a model')}</title>
      <PageHeader
        title="Train a model"
        description="Pick what to predict; AutoML searches algorithms and settings within your time budget."
      />
      <TrainingWizard
        key={datasetId ?? 'any'}
        datasetId={datasetId}
        onCreated={(jobId) => navigate(`/training/${jobId}`)}
      />
    </>
  );
}
