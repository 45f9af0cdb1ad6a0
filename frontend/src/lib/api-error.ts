/** Every failed API call surfaces as an ApiError: a stable `code` to branch on, a `message` to show. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: unknown;
  /** Seconds to wait before retrying, from a 429's Retry-After header. */
  readonly retryAfter: number | null;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: unknown; retryAfter?: number | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details ?? null;
    this.retryAfter = options.retryAfter ?? null;
  }
}

export const NETWORK_ERROR_MESSAGE =
  'Cannot reach the server. Check your connection and try again.';

type ErrorEnvelope = { error: { code: string; message: string; details?: unknown } };

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const inner = (body as { error: unknown }).error;
  return (
    typeof inner === 'object' &&
    inner !== null &&
    typeof (inner as { code?: unknown }).code === 'string' &&
    typeof (inner as { message?: unknown }).message === 'string'
  );
}

function parseRetryAfter(response: Response): number | null {
  const header = response.headers.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Turns whatever the fetch layer produced (parsed body, text, thrown error) into an ApiError. */
export function toApiError(body: unknown, response?: Response): ApiError {
  if (body instanceof ApiError) return body;
  if (!response) {
    if (body instanceof DOMException && body.name === 'AbortError') {
      return new ApiError('aborted', 'The request was cancelled.');
    }
    return new ApiError('network_error', NETWORK_ERROR_MESSAGE);
  }
  const status = response.status;
  const retryAfter = parseRetryAfter(response);
  if (isErrorEnvelope(body)) {
    return new ApiError(body.error.code, body.error.message, {
      status,
      details: body.error.details ?? null,
      retryAfter,
    });
  }
  const fallback = status >= 500 ? 'The server had a problem. Please try again.' : undefined;
  return new ApiError(
    `http_${status}`,
    fallback ?? (response.statusText || `Request failed with status ${status}.`),
    { status, details: body ?? null, retryAfter },
  );
}

type ValidationIssue = { loc: (string | number)[]; msg: string };

function isValidationIssue(value: unknown): value is ValidationIssue {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { loc?: unknown }).loc) &&
    typeof (value as { msg?: unknown }).msg === 'string'
  );
}

/**
 * Maps a 422's details (`[{loc, msg, type}]`) to `{field: message}` using the last `loc` segment,
 * so a form can show each message under its input.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.details) {
    if (!isValidationIssue(issue) || issue.loc.length === 0) continue;
    const field = String(issue.loc[issue.loc.length - 1]);
    // Pydantic prefixes custom validator messages with "Value error, ".
    result[field] ??= issue.msg.replace(/^Value error, /, '');
  }
  return result;
}
