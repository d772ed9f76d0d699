import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { simAuto } from '../clients.js';
import type { Stack } from '../stack.js';
import { demoDevice, demoStaff, notifyWhenSubscribed, startTestStack } from './helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const nurse = demoStaff('nurse');
const ada = demoDevice('p-1001');
const ben = demoDevice('p-1002');

describe('nurse dashboard in real Chromium against the running platform', () => {
  let stack: Stack;
  let dispose: () => Promise<void>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`);
    ({ stack, dispose } = await startTestStack({ serveDashboard: true }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dispose?.();
  }, 60_000);

  it('signs in and shows only the care team’s patients as tiles', async () => {
    await page.goto(`${stack.apiUrl}/?staleAfterSeconds=4`);
    await page.locator('#username').fill(nurse.username);
    await page.locator('#password').fill(nurse.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`[data-testid="vital-tile-${ada.patientId}"]`).waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-testid^="vital-tile-"]').count()).resolves.toBe(2);
    await expect(page.locator('[data-testid="vital-tile-p-1003"]').count()).resolves.toBe(0);
  }, 60_000);

  it('updates the heart-rate tile live with the simulated value and its unit', async () => {
    await simAuto(stack.simControlUrl, ada.address, false);
    await notifyWhenSubscribed(stack, ada.address, 131);
    const tile = page.locator(`[data-testid="vital-tile-${ada.patientId}"]`);
    await tile.locator('[data-testid="hr-value"]', { hasText: '131' }).waitFor({ timeout: 15_000 });
    await expect(tile.getAttribute('data-state')).resolves.toBe('fresh');
    await expect(tile.textContent()).resolves.toMatch(/bpm/);
  }, 60_000);

  it('shows the tile as stale, in words not only colour, when readings stop', async () => {
    await simAuto(stack.simControlUrl, ada.address, false);
    const tile = page.locator(`[data-testid="vital-tile-${ada.patientId}"][data-state="stale"]`);
    await tile.waitFor({ timeout: 20_000 });
    await expect(tile.textContent()).resolves.toMatch(/STALE/);
    // The other patient keeps streaming and stays fresh.
    await notifyWhenSubscribed(stack, ben.address, 77);
    await page
      .locator(`[data-testid="vital-tile-${ben.patientId}"][data-state="fresh"]`)
      .waitFor({ timeout: 15_000 });
    const out = join(stack.root, '.test-results');
    mkdirSync(out, { recursive: true });
    await page.screenshot({ path: join(out, 'dashboard-live-and-stale.png') });
  }, 60_000);
});
