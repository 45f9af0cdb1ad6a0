import { describe, expect, it } from 'vitest';

import { describeUploadPhase, newUploadId } from './upload-progress';

describe('newUploadId', () => {
  it('makes the 32 lowercase hex digits the API accepts, different each time', () => {
    const a = newUploadId();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(newUploadId()).not.toBe(a);
  });
});

describe('describeUploadPhase', () => {
  it('names what the server is doing and how much it has to read', () => {
    expect(describeUploadPhase({ phase: 'read', bytes_received: 12_000_000 })).toMatch(
      /^Reading rows and detecting column types \(\d+(\.\d+)? MB\)$/,
    );
    expect(describeUploadPhase({ phase: 'store', bytes_received: 0 })).toBe('Saving version 1');
    expect(describeUploadPhase({ phase: 'receiving', bytes_received: 5 })).toBe(
      'Receiving the file',
    );
  });
});
