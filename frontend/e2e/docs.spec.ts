import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { PASSWORD, registerViaApi, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

test('the API docs render, authorize with email and password, and execute GET /users/me', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('docs');
  await registerViaApi(request, email);
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) external.push(r.url());
  });

  await page.goto('/docs');
  // Swagger UI 5 reads the app's OpenAPI 3.1 document (4.x said "Unable to render this definition").
  await expect(page.getByRole('heading', { name: /CSV Analyzer/ })).toBeVisible();
  await expect(page.getByText('Unable to render this definition')).toHaveCount(0);
  const readMe = page.locator('#operations-users-users-read_me');
  await expect(readMe).toBeVisible();
  await expect(page.locator('#operations-datasets-datasets-list_datasets')).toBeVisible();

  // Authorize: the OAuth2 password flow posts the email and password to the login route.
  await page.locator('.scheme-container').getByRole('button', { name: 'Authorize' }).click();
  const dialog = page.locator('.modal-ux');
  await dialog.locator('#oauth_username').fill(email);
  await dialog.locator('#oauth_password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
  await expect(dialog.getByText('Authorized', { exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Execute GET /users/me and read the user's own email in the response.
  await readMe.locator('.opblock-summary').first().click();
  await readMe.getByRole('button', { name: 'Try it out' }).click();
  await readMe.getByRole('button', { name: 'Execute' }).click();
  const live = readMe.locator('.live-responses-table');
  await expect(live.locator('tbody .response-col_status')).toHaveText('200');
  await expect(live.locator('tbody .response-col_description')).toContainText(
    `"email": "${email}"`,
  );
  expect(external).toEqual([]); // no CDN: everything came from the app
});
