import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';

import { useSession } from '@/lib/use-session';

/**
 * Renders its children for a signed-in user; otherwise sends them to /login?next=<here> (plain
 * /login after an explicit sign-out: the user chose to leave this page).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'authenticated') return children;

  if (session.endedBy === 'signed_out') return <Navigate to="/login" replace />;
  const params = new URLSearchParams({
    next: `${location.pathname}${location.search}${location.hash}`,
  });
  if (session.endedBy === 'expired') params.set('reason', 'expired');
  return <Navigate to={`/login?${params.toString()}`} replace />;
}
