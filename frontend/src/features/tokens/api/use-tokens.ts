import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { tokensCreateToken, tokensDeleteToken, type ApiTokenCreate } from '@/api';
import { tokensListTokensOptions, tokensListTokensQueryKey } from '@/api/@tanstack/react-query.gen';

export function useTokens() {
  return useQuery(tokensListTokensOptions());
}

/** Creates a token; the answer holds the secret, shown once. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ApiTokenCreate) => {
      const { data } = await tokensCreateToken({ body, throwOnError: true });
      return data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensListTokensQueryKey() }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (tokenId: string) => {
      await tokensDeleteToken({ path: { token_id: tokenId }, throwOnError: true });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensListTokensQueryKey() }),
  });
}
