import { describe, expect, it } from 'vitest';

import { curlSnippet, predictUrl, pythonSnippet, TOKEN_PLACEHOLDER } from './snippets';

const row = { age: 47, city: "O'Hare", vip: true, note: null };

describe('predictUrl', () => {
  it('targets the champion or one version', () => {
    expect(predictUrl('https://ml.example.com/', 'm1')).toBe(
      'https://ml.example.com/api/v1/models/m1/predict',
    );
    expect(predictUrl('http://localhost:8000', 'm1', 3)).toBe(
      'http://localhost:8000/api/v1/models/m1/versions/3/predict',
    );
  });
});

describe('curlSnippet', () => {
  it('posts the row with a placeholder bearer and escapes single quotes', () => {
    const code = curlSnippet('http://x/api/v1/models/m1/predict', row);
    expect(code).toContain("curl -X POST 'http://x/api/v1/models/m1/predict'");
    expect(code).toContain(`Authorization: Bearer ${TOKEN_PLACEHOLDER}`);
    expect(code).toContain(`"city": "O'\\''Hare"`);
    // What the shell receives is the JSON body again.
    const body = code.slice(code.indexOf("-d '") + 4, -1).replace(/'\\''/g, "'");
    expect(JSON.parse(body)).toEqual({ rows: [row] });
  });
});

describe('pythonSnippet', () => {
  it('uses Python literals and the requests library', () => {
    const code = pythonSnippet('http://x/p', row);
    expect(code).toContain('import requests');
    expect(code).toContain('"vip": True,');
    expect(code).toContain('"note": None,');
    expect(code).toContain('"city": "O\'Hare",');
    expect(code).toContain('json={"rows": [row]}');
  });
});
