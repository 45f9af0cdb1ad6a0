import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { registerViaApi, signIn, uniqueEmail } from './helpers';
import { apiToken, churnCsv, pick, uploadCsv } from './ml-helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

test('train with a 10 s budget, watch it, read the results; cancel a second job', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const email = uniqueEmail('training');
  await registerViaApi(request, email);
  const datasetId = await uploadCsv(request, await apiToken(request, email), 'churn', churnCsv());
  await signIn(page, email);

  // The wizard, opened from the dataset: target -> detected task and why.
  await page.goto(`/datasets/${datasetId}/train`);
  await expect(page.getByRole('heading', { name: 'Train a model' })).toBeVisible();
  await pick(page, 'Target column', 'churn');
  const task = page.getByRole('alert', { name: 'Detected task' });
  await expect(task).toContainText('classification');
  await expect(task).toContainText('Why:');

  // Suggested exclusions start unchecked and say why; the rest is checked.
  const features = page.getByRole('group', { name: 'Features' });
  await expect(features.getByRole('checkbox', { name: /^id/ })).not.toBeChecked();
  await expect(features.getByRole('checkbox', { name: /^plan/ })).not.toBeChecked();
  await expect(features.getByText(/constant/)).toBeVisible();
  await expect(features.getByRole('checkbox', { name: /^age/ })).toBeChecked();

  // Smallest budget: 10 s (default 60 s).
  await expect(page.getByText('Time budget: 1m 0s')).toBeVisible();
  await page.getByRole('slider', { name: 'Time budget' }).press('Home');
  await expect(page.getByText('Time budget: 10s')).toBeVisible();
  await page.getByLabel('Model name').fill('Churn e2e');
  await page.getByRole('button', { name: 'Start training' }).click();

  // Live page, then the results.
  await expect(page).toHaveURL(/\/training\/[0-9a-f]+$/);
  const jobUrl = page.url();
  await expect(page.getByRole('heading', { name: 'Training Churn e2e' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeAttached();
  await expect(page.getByText(/% of the 10s budget/)).toBeVisible();
  await expect(page.getByLabel('Status: running')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Status: succeeded')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByRole('heading', { name: 'Holdout evaluation' })).toBeVisible();
  await expect(page.getByText(/Beats the baseline by/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'ROC curve' })).toBeVisible();
  await expect(page.getByRole('figure', { name: 'Feature importance' })).toBeVisible();
  // Every feature the model uses has an importance: the chart says so, it drops none.
  await expect(page.getByLabel('Importance coverage')).toHaveText(/^All \d+ features measured/);
  await expect(page.getByRole('table', { name: 'Leaderboard' }).getByText('best')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Open the model' })).toBeVisible();

  // "Train a new version" from the model page: same model (from a list), target and settings.
  await page.getByRole('link', { name: 'Open the model' }).click();
  await page.getByRole('link', { name: 'Train a new version' }).click();
  await expect(page).toHaveURL(/\/datasets\/[0-9a-f]+\/train\?model=/);
  await expect(page.getByRole('combobox', { name: 'Target column' })).toHaveValue('churn');
  await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue(
    'New version of Churn e2e',
  );
  await expect(page.getByText('Time budget: 10s')).toBeVisible();
  await expect(page.getByLabel('Model name')).toHaveCount(0); // nothing to mistype

  // A second job from "New training", cancelled while it runs.
  await page.goto('/training');
  await expect(page.getByRole('table', { name: 'Training jobs' })).toContainText('Churn e2e');
  await page.getByRole('link', { name: 'New training' }).click();
  await pick(page, 'Dataset', /^churn/);
  await pick(page, 'Target column', 'churn');
  await expect(page.getByRole('alert', { name: 'Detected task' })).toBeVisible();
  await page.getByRole('button', { name: 'Start training' }).click();
  await expect(page).toHaveURL(/\/training\/[0-9a-f]+$/);
  expect(page.url()).not.toBe(jobUrl);
  await page.getByRole('button', { name: 'Cancel training' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel job' }).click();
  await expect(page.getByLabel('Status: cancelled')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('no model version was registered')).toBeVisible();
});
