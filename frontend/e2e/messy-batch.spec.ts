import { readFile } from 'node:fs/promises';

import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { registerViaApi, signIn, uniqueEmail } from './helpers';
import { apiToken, trainViaApi } from './ml-helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

/**
 * A European export: Latin-1, `;` between fields, decimal commas, `.` thousands separators, a
 * currency sign, `N/A` for missing values and notes that run over several lines.
 */
function messyRecords(rows = 200): { header: string; records: string[] } {
  const cities = ['Zürich', 'Genève', 'Köln', 'Málaga'];
  const records: string[] = [];
  for (let i = 0; i < rows; i++) {
    const age = 18 + ((i * 37) % 63);
    const income = (30000 + ((i * 7919) % 50000) + 0.5).toLocaleString('de-DE');
    const score = ((i * 13) % 100) / 10;
    const city = cities[i % 4];
    const note = i % 5 === 0 ? '"called twice;\nwants a discount"' : i % 7 === 0 ? 'N/A' : 'ok';
    const churn = age > 50 !== (i % 9 === 0) ? 'oui' : 'non';
    records.push(`${age};€ ${income};${String(score).replace('.', ',')};${city};${note};${churn}`);
  }
  return { header: 'âge;revenu;note_client;ville;remarque;départ', records };
}

test('a messy Latin-1 CSV uploads, trains, and a slice of the same raw file batch-scores every row', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('messy');
  await registerViaApi(request, email);
  const token = await apiToken(request, email);
  const { header, records } = messyRecords();
  const latin1 = (lines: string[]) =>
    Buffer.from([header, ...lines].join('\r\n') + '\r\n', 'latin1');

  const upload = await request.post('/api/v1/datasets', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: {
      name: 'export',
      file: { name: 'export.csv', mimeType: 'text/csv', buffer: latin1(records) },
    },
  });
  expect(upload.status()).toBe(201);
  const datasetId = ((await upload.json()) as { id: string }).id;
  const job = await trainViaApi(request, token, {
    dataset_id: datasetId,
    target: 'départ',
    model_name: 'Export churn',
  });
  const modelId = job.result?.registry?.model_id;
  expect(modelId).toBeTruthy();

  await signIn(page, email);
  await page.goto(`/models/${modelId}`);
  await page.getByRole('tab', { name: 'Batch scoring' }).click();
  await page.locator('input[type="file"]').setInputFiles({
    name: 'slice.csv',
    mimeType: 'text/csv',
    buffer: latin1(records.slice(0, 40)),
  });
  await page.getByRole('button', { name: 'Start batch scoring' }).click();
  const downloadButton = page.getByRole('button', { name: 'Download scored CSV' });
  await expect(downloadButton).toBeVisible({ timeout: 90_000 });
  await expect(page.getByLabel('Rows scored')).toHaveText('40 of 40 rows scored');
  const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
  const scored = await readFile(await download.path(), 'utf8');
  expect(scored.split('\n')[0]).toContain('prediction');
  expect(scored).toContain('Zürich');
  expect(scored).toContain('wants a discount');
  expect(scored.match(/"(oui|non)"/g)?.length ?? 0).toBeGreaterThanOrEqual(40);
});
