import { useParams } from 'react-router';

import { TrainingJobView } from '@/features/training';

import { pageTitle } from '../constants';

export function TrainingJobRoute() {
  const { jobId = '' } = useParams();
  return (
    <>
      <title>{pageTitle('Training job')}</title>
      <TrainingJobView key={jobId} jobId={jobId} />
    </>
  );
}
