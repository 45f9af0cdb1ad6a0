import type { ReactNode } from 'react';
import { Navigate, useSearchParams } from 'react-router';

import { useSession } from '@/lib/use-session';

import { safeNextPath } from '../validation';

/** For the sign-in and sign-up pages: a signed-in user goes straight on to `next`. */
export function GuestOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.status === 'authenticated') {
    return <Navigate to={safeNextPath(params.get('next'))} replace />;
  }
  return children;
}
