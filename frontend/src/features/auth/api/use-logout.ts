import { useMutation, useQueryClient } from '@tanstack/react-query';

import { authLogout } from '@/api';
import { authStore } from '@/lib/auth-store';

/**
 * Revokes the sign-in on the server (its refresh token is the httpOnly cookie, which the server
 * also clears), then forgets the session locally. The local sign-out happens even if the server
 * cannot be reached: the user asked to leave.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        if (authStore.hasSession()) await authLogout({ credentials: 'same-origin' });
      } finally {
        authStore.clear();
        queryClient.clear();
      }
    },
  });
}
