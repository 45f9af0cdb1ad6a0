import { PageHeader } from '@/components/ui/page-header';
import { DatasetsOverview } from '@/features/datasets';

import { pageTitle } from '../constants';

export function DatasetsRoute() {
  return (
    <>
      <title>{pageTitle('Datasets')}</title>
      <PageHeader title="Datasets" description="Your uploaded CSV files and their versions." />
      <DatasetsOverview />
    </>
  );
}
