import { useNavigate, useParams, useSearchParams } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { TrainingWizard } from '@/features/training';

import { pageTitle } from '../constants';

/**
 * /training/new (pick a dataset) and /datasets/:datasetId/train (dataset preselected);
 * `?model=<id>` trains a new version of that model with its settings filled in.
 */
export function TrainingNewRoute() {
  const { datasetId } = useParams();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const fromModelId = params.get('model') ?? undefined;
  return (
    <>
      <title>{pageTitle('Train a model')}</title>
      <PageHeader
        title="Train a model"
        description="Pick what to predict; AutoML searches algorithms and settings within your time budget."
      />
      <TrainingWizard
        key={`${datasetId ?? 'any'}:${fromModelId ?? ''}`}
        datasetId={datasetId}
        fromModelId={fromModelId}
        onCreated={(jobId) => navigate(`/training/${jobId}`)}
      />
    </>
  );
}
