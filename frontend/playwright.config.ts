import { existsSync } from 'node:fs';

import { defineConfig, devices } from '@playwright/test';

// The e2e suite drives Debian's Chromium against the real app (API + built SPA); it never
// downloads a browser build. Without Chromium it skips, unless E2E_REQUIRED=1 demands it.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium) {
  const message = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium).`;
  if (process.env.E2E_REQUIRED === '1') throw new Error(`${message} E2E_REQUIRED=1, failing.`);
  console.warn(`${message} Skipping the end-to-end tests.`);
}

// The server serves frontend/dist: an old or missing build would test the wrong UI.
if (hasChromium && !existsSync(new URL('./dist/index.html', import.meta.url))) {
  throw new Error('frontend/dist is missing: run `npm run build` before `npm run e2e`.');
}

const port = Number(process.env.E2E_PORT ?? 8765);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  // The real app serving the built SPA (`npm run build` first) on a fresh temporary data dir.
  webServer: hasChromium
    ? {
        command: 'bash ../scripts/e2e-server.sh',
        url: `${baseURL}/api/v1/health`,
        env: { E2E_PORT: String(port) },
        reuseExistingServer: !process.env.CI,
        timeout: 120_000,
        // Access logs drown the test report; E2E_SERVER_LOGS=1 shows them when debugging.
        stdout: process.env.E2E_SERVER_LOGS ? 'pipe' : 'ignore',
        stderr: process.env.E2E_SERVER_LOGS ? 'pipe' : 'ignore',
      }
    : undefined,
});
