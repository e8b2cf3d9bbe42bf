import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';

// End-to-end tests for Dove Market, run against the real `dove` binary with the
// system Chromium (Debian's /usr/bin/chromium); no Playwright browser download.
//
//   DOVE_BIN       path of the app binary (default ../target/debug/dove)
//   CHROMIUM_PATH  path of the Chromium executable (default /usr/bin/chromium)

const PORT = 18080;
const BASE_URL = `http://127.0.0.1:${PORT}`;

// A fresh, empty data directory for each run. The config file is loaded again in
// every worker process; the env var (inherited by workers) makes them reuse the
// runner's directory instead of creating more.
if (!process.env.DOVE_E2E_DATA_DIR) {
  process.env.DOVE_E2E_DATA_DIR = fs.mkdtempSync(os.tmpdir() + '/dove-e2e-');
}
const dataDir = process.env.DOVE_E2E_DATA_DIR;
const doveBin = process.env.DOVE_BIN || '../target/debug/dove';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: BASE_URL,
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'mobile-chromium',
      use: {
        browserName: 'chromium',
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `"${doveBin}" serve --listen 127.0.0.1:${PORT} --data-dir "${dataDir}" --demo`,
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
