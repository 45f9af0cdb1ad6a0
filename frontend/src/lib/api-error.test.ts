import { describe, expect, it } from 'vitest';

import { ApiError, fieldErrors, toApiError } from './api-error';

describe('toApiError', () => {
  it('reads the error envelope', () => {
    const response = new Response(null, { status: 409 });
    const error = toApiError(
      { error: { code: 'email_taken', message: 'Email already registered', details: null } },
      response,
    );
    expect(error).toMatchObject({
      code: 'email_taken',
      message: 'Email already registered',
      status: 409,
    });
  });

  it('reads Retry-After from a 429', () => {
    const response = new Response(null, { status: 429, headers: { 'Retry-After': '30' } });
    const error = toApiError(
      { error: { code: 'too_many_attempts', message: 'Too many attempts.' } },
      response,
    );
    expect(error.retryAfter).toBe(30);
  });

  it('gives a non-envelope server failure a generic code and a human message', () => {
    const error = toApiError('<html>Bad gateway</html>', new Response(null, { status: 502 }));
    expect(error).toMatchObject({ code: 'http_502', status: 502 });
    expect(error.message).toMatch(/server had a problem/);
  });

  it('reports a missing response as a network error', () => {
    expect(toApiError(new TypeError('fetch failed')).code).toBe('network_error');
  });
});

describe('fieldErrors', () => {
  it('maps 422 details to fields by the last loc segment, without pydantic prefixes', () => {
    const error = new ApiError('validation_error', 'Invalid input', {
      status: 422,
      details: [
        {
          loc: ['body', 'password'],
          msg: 'Value error, Password must not be all digits',
          type: 'value_error',
        },
        { loc: ['body', 'email'], msg: 'value is not a valid email address', type: 'value_error' },
      ],
    });
    expect(fieldErrors(error)).toEqual({
      password: 'Password must not be all digits',
      email: 'value is not a valid email address',
    });
  });

  it('is empty for anything else', () => {
    expect(fieldErrors(new Error('boom'))).toEqual({});
    expect(fieldErrors(new ApiError('x', 'y', { details: { not: 'a list' } }))).toEqual({});
  });
});
