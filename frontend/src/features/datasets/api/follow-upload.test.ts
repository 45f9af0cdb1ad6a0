import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { UploadRead } from '@/api';
import { configureApiClient } from '@/lib/api-client';
import { authStore } from '@/lib/auth-store';
import { startApiServer } from '@test/api-server';

import { followUpload } from './follow-upload';

const ID = '0123456789abcdef0123456789abcdef';
const PATH = `/api/v1/uploads/${ID}`;

function upload(overrides: Partial<UploadRead>): UploadRead {
  return {
    id: ID,
    status: 'ingesting',
    phase: 'read',
    phase_fraction: 0,
    fraction: 0.45,
    filename: 'big.csv',
    bytes_received: 1000,
    bytes_total: 1200,
    dataset_id: null,
    error: null,
    created_at: '2026-12-01T00:00:00Z',
    updated_at: '2026-12-01T00:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

let script: UploadRead[] = [];
const server = await startApiServer({
  [`GET ${PATH}`]: () => {
    const next = script.length > 1 ? script.shift() : script[0];
    return next ? { status: 200, body: next } : { status: 404 };
  },
});

beforeAll(() => configureApiClient({ baseUrl: server.baseUrl }));
afterAll(() => server.close());
beforeEach(() => authStore.setTokens({ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }));

describe('followUpload', () => {
  it('reports each state the server gives and stops once the upload has finished', async () => {
    script = [
      upload({ phase: 'read', phase_fraction: 0.2 }),
      upload({ phase: 'read', phase_fraction: 0.7 }),
      upload({ status: 'succeeded', phase: 'done', phase_fraction: 1, fraction: 1 }),
    ];
    const seen: string[] = [];
    const before = server.count('GET', PATH);
    await followUpload({
      uploadId: ID,
      intervalMs: 5,
      signal: new AbortController().signal,
      onUpdate: (u) => seen.push(`${u.phase}:${u.phase_fraction}`),
    });
    expect(seen).toEqual(['read:0.2', 'read:0.7', 'done:1']);
    expect(server.count('GET', PATH) - before).toBe(3);
    expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer a1');
  });

  it('keeps polling through a missing row and stops when aborted', async () => {
    script = [];
    const controller = new AbortController();
    const before = server.count('GET', PATH);
    const seen: UploadRead[] = [];
    const following = followUpload({
      uploadId: ID,
      intervalMs: 5,
      signal: controller.signal,
      onUpdate: (u) => seen.push(u),
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    controller.abort();
    await following;
    const polled = server.count('GET', PATH) - before;
    expect(polled).toBeGreaterThan(1);
    expect(seen).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.count('GET', PATH) - before).toBe(polled);
  });
});
