import { Anchor } from '@mantine/core';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { AuthLayout } from '@/components/layouts/auth-layout';
import { GuestOnly, RegisterForm } from '@/features/auth';

import { PRODUCT_NAME, pageTitle } from '../constants';

export function RegisterRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = params.get('next');
  const loginHref = next ? `/login?${new URLSearchParams({ next }).toString()}` : '/login';

  return (
    <GuestOnly>
      <title>{pageTitle('Create account')}</title>
      <AuthLayout
        productName={PRODUCT_NAME}
        title="Create your account"
        footer={
          <>
            Already have an account?{' '}
            <Anchor component={Link} to={loginHref}>
              Sign in
            </Anchor>
          </>
        }
      >
        <RegisterForm
          onSuccess={(email) => navigate(loginHref, { state: { registeredEmail: email } })}
        />
      </AuthLayout>
    </GuestOnly>
  );
}
