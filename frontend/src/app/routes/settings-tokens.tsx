import { Stack } from '@mantine/core';

import { PageHeader } from '@/components/ui/page-header';
import { CreateTokenForm, TokensTable } from '@/features/tokens';

import { pageTitle } from '../constants';

export function SettingsTokensRoute() {
  return (
    <>
      <title>{pageTitle('API tokens')}</title>
      <PageHeader
        title="API tokens"
        description="Personal tokens let scripts and services call the prediction API as you."
      />
      <Stack gap="lg">
        <CreateTokenForm />
        <TokensTable />
      </Stack>
    </>
  );
}
