import { defineConfig, devices } from '@playwright/test';
import * as path from 'node:path';

// Every browser test runs twice on a phone-sized screen: once hydrated (WASM running) and
// once with JavaScript off, because every page must work without it.
const port = Number(process.env.PORTAL_E2E_PORT ?? 3210);
/** A second server, started as `make run` starts it (the demonstration), for demo.spec.ts. */
const demoPort = port + 1;
/** A third, with staff's second factor on as in production, for accounts.spec.ts. */
const securePort = port + 2;
const root = path.resolve(__dirname, '..');
// Shared with the test workers (they load this file again): a test may reach the run's database.
const runDir = (process.env.PORTAL_E2E_RUN_DIR ??= path.join(__dirname, '.tmp', `run-${process.pid}-${Date.now()}`));

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
  ],
};

const phone = {
  ...devices['Pixel 5'],
  locale: 'zh-CN',
  launchOptions: chromium,
};

/** The release server on `listen`, with its own database and uploads under this run's folder. */
function server(listen: number, name: string, env: Record<string, string>) {
  return {
    command: `${path.join(root, 'target', 'release', 'server')}`,
    url: `http://127.0.0.1:${listen}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      PORTAL_BIND: `127.0.0.1:${listen}`,
      PORTAL_DATABASE_URL: `sqlite://${path.join(runDir, `${name}.db`)}`,
      PORTAL_SITE_ROOT: path.join(root, 'target', 'site'),
      PORTAL_LOG: 'warn',
      PORTAL_UPLOAD_DIR: path.join(runDir, `${name}-uploads`),
      ...env,
    },
  };
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'off',
  },
  projects: [
    { name: 'phone-hydrated', use: { ...phone, javaScriptEnabled: true } },
    { name: 'phone-no-js', use: { ...phone, javaScriptEnabled: false } },
  ],
  webServer: [
    server(port, 'portal', {
      // Codes land in the development outbox, which the sign-in tests read.
      PORTAL_DEV_OUTBOX: '1',
      // Demo staff accounts for the workbench journey; they share no authenticator, so the
      // second factor is off here (accounts.spec.ts has it on, on the third server).
      PORTAL_DEMO_SEED: '1',
      PORTAL_STAFF_SECOND_FACTOR: '0',
    }),
    // Exactly what `make run` sets.
    server(demoPort, 'demo', { PORTAL_DEMO: '1' }),
    // As in production: staff give a code from an authenticator after the password.
    server(securePort, 'secure', { PORTAL_DEV_OUTBOX: '1' }),
  ],
});
