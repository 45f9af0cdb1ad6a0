import { ApiError } from '@/lib/api-error';

/** The server's message for a failed call (the generated types do not know about ApiError). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return 'Something went wrong. Please try again.';
}
