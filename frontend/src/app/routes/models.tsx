import { PageHeader } from '@/components/ui/page-header';
import { ModelsTable } from '@/features/models';

import { pageTitle } from '../constants';

export function ModelsRoute() {
  return (
    <>
      <title>{pageTitle('Models')}</title>
      <PageHeader
        title="Models"
        description="Registered models, their versions and which one serves predictions."
      />
      <ModelsTable />
    </>
  );
}
