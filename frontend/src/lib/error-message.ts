import { ApiError } from './api-error';

/** The message to show for a failed call: the server's own words when it sent some. */
export function errorMessage(error: unknown, fallback = 'Something went wrong.'): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}
