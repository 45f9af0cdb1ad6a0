import { readFile } from 'node:fs/promises';

import { expect, test, type Page } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { registerViaApi, signIn, uniqueEmail } from './helpers';
import { apiToken, churnCsv, pick, trainViaApi, uploadCsv } from './ml-helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

async function confirmAlias(page: Page, button: RegExp, confirm: string) {
  await page.getByRole('button', { name: button }).click();
  await page.getByRole('dialog').getByRole('button', { name: confirm }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
}

test('predict from the form, score a batch, promote and roll back, read the log, call the API with a token', async ({
  page,
  request,
}) => {
  test.setTimeout(420_000);
  const email = uniqueEmail('models');
  await registerViaApi(request, email);
  const token = await apiToken(request, email);
  const csv = churnCsv();
  const datasetId = await uploadCsv(request, token, 'customers', csv);
  const training = { dataset_id: datasetId, target: 'churn', model_name: 'Churn model' };
  const first = await trainViaApi(request, token, training);
  await trainViaApi(request, token, { ...training, seed: 1 });
  const modelId = first.result?.registry?.model_id;
  expect(modelId).toBeTruthy();

  await signIn(page, email);
  await page.getByRole('link', { name: 'Models' }).click();
  await page.getByRole('link', { name: 'Churn model' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${modelId}$`));
  const versions = page.getByRole('table', { name: 'Versions' });
  await expect(versions.getByRole('row', { name: 'Version 2' })).toBeVisible();
  await expect(page.getByLabel('curl snippet', { exact: true })).toContainText(
    `/api/v1/models/${modelId}/predict`,
  );
  await expect(page.getByLabel('curl snippet', { exact: true })).toContainText(
    'Bearer YOUR_API_TOKEN',
  );

  // Promote and roll back: whichever version the gate left as challenger goes up, then back.
  const v2IsChampion = await versions
    .getByRole('row', { name: 'Version 2' })
    .getByText('champion', { exact: true })
    .isVisible();
  if (v2IsChampion) {
    await confirmAlias(page, /Roll back to v1/, 'Roll back');
    await expect(page.getByText('champion v1', { exact: true })).toBeVisible();
    await confirmAlias(page, /Promote v2/, 'Promote');
    await expect(page.getByText('champion v2', { exact: true })).toBeVisible();
  } else {
    await confirmAlias(page, /Promote v2/, 'Promote');
    await expect(page.getByText('champion v2', { exact: true })).toBeVisible();
    await confirmAlias(page, /Roll back to v1/, 'Roll back');
    await expect(page.getByText('champion v1', { exact: true })).toBeVisible();
  }
  await expect(page.getByLabel('Alias history', { exact: true })).toContainText('rolled back');

  // The prediction form, generated from the schema and prefilled with a typical row.
  await page.getByRole('tab', { name: 'Predict', exact: true }).click();
  await expect(page.getByText(/^Training range 18 – 80/)).toBeVisible();
  await page.getByRole('textbox', { name: /^age/ }).fill('75');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByLabel('Prediction', { exact: true })).toHaveText(/^(true|false|yes|no)$/);
  await expect(page.getByRole('figure', { name: 'Class probabilities' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Top feature contributions' })).toBeVisible();

  // Batch scoring of an uploaded CSV, then the scored file.
  await page.getByRole('tab', { name: 'Batch scoring' }).click();
  await page.locator('input[type="file"]').setInputFiles({
    name: 'to-score.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv.split('\n').slice(0, 41).join('\n')),
  });
  await page.getByRole('button', { name: 'Start batch scoring' }).click();
  const downloadButton = page.getByRole('button', { name: 'Download scored CSV' });
  await expect(downloadButton).toBeVisible({ timeout: 90_000 });
  await expect(page.getByLabel('Rows scored')).toHaveText('40 of 40 rows scored');
  await expect(page.getByRole('table', { name: 'Recent batch jobs' })).toContainText(
    '40 of 40 rows scored',
  );
  const [download] = await Promise.all([page.waitForEvent('download'), downloadButton.click()]);
  expect(download.suggestedFilename()).toMatch(/^predictions-.*\.csv$/);
  const scored = await readFile(await download.path(), 'utf8');
  expect(scored.split('\n')[0]).toMatch(/prediction/);
  expect(scored.trim().split('\n')).toHaveLength(41);

  // An API token, used by a machine client.
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('textbox', { name: /Name/ }).fill('e2e client');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByLabel('New token secret').textContent())?.trim() ?? '';
  expect(secret.length).toBeGreaterThan(20);
  const predicted = await request.post(`/api/v1/models/${modelId}/predict`, {
    headers: { Authorization: `Bearer ${secret}` },
    data: { rows: [{ age: 30, income: 40000, city: 'Lyon', signup_date: '2024-02-01' }] },
  });
  expect(predicted.status()).toBe(200);
  expect(((await predicted.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);
  await page.getByRole('button', { name: 'I stored it, hide it' }).click();
  await page.reload();
  await expect(page.getByRole('table', { name: 'API tokens' })).toContainText('e2e client');
  await expect(page.getByLabel('New token secret')).toHaveCount(0);

  // The log has the form, batch and API entries; filter to one source.
  await page.goto(`/models/${modelId}?tab=log`);
  const log = page.getByRole('table', { name: 'Prediction log' });
  for (const source of ['form', 'batch', 'api']) {
    await expect(log.getByText(source, { exact: true }).first()).toBeVisible();
  }
  await pick(page, 'Source', 'form');
  await expect(log.getByText('batch', { exact: true })).toHaveCount(0);
  await expect(log.getByText('form', { exact: true })).toHaveCount(1);
});
