import { useQuery } from '@tanstack/react-query';

import { usersReadMeOptions } from '@/api/@tanstack/react-query.gen';
import { useSession } from '@/lib/use-session';

/** The signed-in user (GET /users/me); idle while signed out. */
export function useCurrentUser() {
  const session = useSession();
  return useQuery({
    ...usersReadMeOptions(),
    enabled: session.status === 'authenticated',
  });
}
