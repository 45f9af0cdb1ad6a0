import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Swagger UI 5 (OpenAPI 3.1) for the API's /docs page, copied from the npm package at build time so
// a self-hosted install never needs a CDN. The API (embedded) and nginx (full stack) serve
// dist/docs-assets/.
const DOCS_ASSETS = [
  'swagger-ui-bundle.js',
  'swagger-ui.css',
  'favicon-32x32.png',
  'swagger-ui-bundle.js.LICENSE.txt',
  'LICENSE',
  'NOTICE',
];

function swaggerUiAssets(): Plugin {
  let outDir = 'dist';
  return {
    name: 'swagger-ui-assets',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const require = createRequire(import.meta.url);
      const source = dirname(require.resolve('swagger-ui-dist/package.json'));
      const target = join(fileURLToPath(new URL('.', import.meta.url)), outDir, 'docs-assets');
      mkdirSync(target, { recursive: true });
      for (const name of DOCS_ASSETS) copyFileSync(join(source, name), join(target, name));
    },
  };
}

const apiTarget = process.env.API_PROXY_TARGET ?? 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [react(), swaggerUiAssets()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/docs': { target: apiTarget, changeOrigin: false },
      '/docs-assets': { target: apiTarget, changeOrigin: false },
      '/openapi.json': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
