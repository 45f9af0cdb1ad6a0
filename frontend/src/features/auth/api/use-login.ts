import { useMutation } from '@tanstack/react-query';

import { authLogin } from '@/api';
import type { ApiError } from '@/lib/api-error';
import { authStore } from '@/lib/auth-store';

export type LoginInput = { email: string; password: string };

/** Signs in with the OAuth2 password form and stores the token pair. */
export function useLogin() {
  return useMutation<void, ApiError, LoginInput>({
    mutationFn: async ({ email, password }) => {
      const { data } = await authLogin({
        body: { username: email.trim(), password },
        throwOnError: true,
      });
      authStore.setTokens(data);
    },
  });
}
