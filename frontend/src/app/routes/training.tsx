import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { TrainingJobsTable } from '@/features/training';

import { pageTitle } from '../constants';

function NewTrainingButton() {
  return (
    <Button component={Link} to="/training/new" leftSection={<IconPlus size={16} aria-hidden />}>
      New training
    </Button>
  );
}

export function TrainingRoute() {
  return (
    <>
      <title>{pageTitle('Training')}</title>
      <PageHeader
        title="Training"
        description="AutoML jobs: live progress, then the evaluation of the model they registered."
        actions={<NewTrainingButton />}
      />
      <TrainingJobsTable emptyAction={<NewTrainingButton />} />
    </>
  );
}
