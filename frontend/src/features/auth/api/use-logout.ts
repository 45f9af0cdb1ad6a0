import { useMutation, useQueryClient } from '@tanstack/react-query';

import { authLogout } from '@/api';
import { authStore } from '@/lib/auth-store';

/**
 * Revokes the refresh token on the server, then forgets the session locally. The local sign-out
 * happens even if the server cannot be reached: the user asked to leave.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const refreshToken = authStore.getRefreshToken();
      try {
        if (refreshToken) await authLogout({ body: { refresh_token: refreshToken } });
      } finally {
        authStore.clear();
        queryClient.clear();
      }
    },
  });
}
