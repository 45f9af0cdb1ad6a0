import { useMutation } from '@tanstack/react-query';

import { authRegister, type UserRead } from '@/api';
import type { ApiError } from '@/lib/api-error';

export type RegisterInput = { email: string; password: string; fullName: string };

export function useRegister() {
  return useMutation<UserRead, ApiError, RegisterInput>({
    mutationFn: async ({ email, password, fullName }) => {
      const { data } = await authRegister({
        body: { email: email.trim(), password, full_name: fullName.trim() || null },
        throwOnError: true,
      });
      return data;
    },
  });
}
