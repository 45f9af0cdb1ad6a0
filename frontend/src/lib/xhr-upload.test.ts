import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { apiError, startApiServer } from '@test/api-server';

import { configureApiClient } from './api-client';
import { ApiError } from './api-error';
import { authStore } from './auth-store';
import { uploadWithProgress } from './xhr-upload';

// jsdom's XMLHttpRequest enforces CORS (the page is http://localhost, the server another origin).
const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization',
  'Access-Control-Allow-Methods': 'POST',
};

let validAccess = 'a1';
const server = await startApiServer({
  'OPTIONS /api/v1/datasets': () => ({ status: 204, headers: CORS }),
  'POST /api/v1/datasets': (request) => {
    if (request.headers.authorization !== `Bearer ${validAccess}`) {
      return { ...apiError(401, 'not_authenticated', 'Not authenticated'), headers: CORS };
    }
    if (request.body.includes('empty.csv')) {
      return {
        ...apiError(422, 'empty_file', 'The file is empty: there is nothing to import.'),
        headers: CORS,
      };
    }
    return { status: 201, body: { id: 'd1', name: 'people' }, headers: CORS };
  },
  'POST /api/v1/auth/refresh': () => {
    validAccess = 'a2';
    return {
      status: 200,
      body: { access_token: 'a2', refresh_token: 'r2', token_type: 'bearer', expires_in: 900 },
    };
  },
});
const url = `${server.baseUrl}/api/v1/datasets`;

function form(name: string, content = 'a,b\n1,2\n'): FormData {
  const data = new FormData();
  data.append('file', new File([content], name, { type: 'text/csv' }));
  return data;
}

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => {
  validAccess = 'a1';
  authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 });
});

describe('uploadWithProgress', () => {
  it('sends the file with the bearer token and reports progress', async () => {
    const progress: number[] = [];
    const body = await uploadWithProgress<{ id: string }>({
      url,
      form: form('people.csv'),
      onProgress: ({ loaded, total }) => progress.push(loaded / total),
    });
    expect(body).toEqual({ id: 'd1', name: 'people' });
    expect(progress.at(-1)).toBe(1);
    expect(server.requests.filter((r) => r.method === 'POST').at(-1)?.body).toContain(
      'filename="people.csv"',
    );
  });

  it('refreshes an expired token once and sends the file again', async () => {
    validAccess = 'rotated-elsewhere';
    const before = server.count('POST', '/api/v1/auth/refresh');
    const body = await uploadWithProgress<{ id: string }>({ url, form: form('people.csv') });
    expect(body.id).toBe('d1');
    expect(server.count('POST', '/api/v1/auth/refresh')).toBe(before + 1);
    expect(authStore.getAccessToken()).toBe('a2');
  });

  it("rejects with the server's error code and message", async () => {
    const error = await uploadWithProgress({ url, form: form('empty.csv', '') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'empty_file',
      status: 422,
      message: 'The file is empty: there is nothing to import.',
    });
  });
});
