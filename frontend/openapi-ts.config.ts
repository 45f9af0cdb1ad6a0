import { defineConfig } from '@hey-api/openapi-ts';

// The backend writes openapi.json (`uv run python -m csv_analyzer.openapi`); this turns it into
// src/api. Output must be deterministic: CI regenerates and diffs it.
export default defineConfig({
  input: './openapi.json',
  output: {
    path: './src/api',
  },
  logs: { level: 'warn' },
  plugins: [
    '@hey-api/client-fetch',
    '@hey-api/typescript',
    '@hey-api/sdk',
    '@tanstack/react-query',
  ],
});
