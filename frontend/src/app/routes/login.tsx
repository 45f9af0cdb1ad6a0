import { Alert, Anchor, Stack } from '@mantine/core';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';

import { AuthLayout } from '@/components/layouts/auth-layout';
import { GuestOnly, LoginForm, safeNextPath } from '@/features/auth';

import { PRODUCT_NAME, pageTitle } from '../constants';

type LoginLocationState = { registeredEmail?: string } | null;

export function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const state = useLocation().state as LoginLocationState;
  const next = params.get('next');
  const registeredEmail = state?.registeredEmail;
  const registerHref = next ? `/register?${new URLSearchParams({ next }).toString()}` : '/register';

  return (
    <GuestOnly>
      <title>{pageTitle('Sign in')}</title>
      <AuthLayout
        productName={PRODUCT_NAME}
        title="Sign in"
        footer={
          <>
            New here?{' '}
            <Anchor component={Link} to={registerHref}>
              Create an account
            </Anchor>
          </>
        }
      >
        <Stack gap="md">
          {params.get('reason') === 'expired' && (
            <Alert color="yellow" role="status">
              Your session expired, please sign in again.
            </Alert>
          )}
          {registeredEmail && (
            <Alert color="green" role="status">
              Your account is ready. Sign in to continue.
            </Alert>
          )}
          <LoginForm
            defaultEmail={registeredEmail ?? ''}
            onSuccess={() => navigate(safeNextPath(next), { replace: true })}
          />
        </Stack>
      </AuthLayout>
    </GuestOnly>
  );
}
