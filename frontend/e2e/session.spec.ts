import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { PASSWORD, registerViaApi, signIn, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

test('a reload keeps the session through the httpOnly cookie; no token is in storage', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('reload');
  await registerViaApi(request, email);
  await signIn(page, email);

  const cookies = await page.context().cookies();
  const refresh = cookies.find((c) => c.name === 'csv_analyzer_refresh');
  expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  // Neither storage nor script-visible cookies hold a token.
  const visible = await page.evaluate(
    () => JSON.stringify({ ...window.localStorage }) + document.cookie,
  );
  expect(visible).not.toContain(refresh?.value ?? '-');
  expect(visible).not.toMatch(/eyJ/); // no JWT either

  await page.reload();
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByRole('heading', { name: 'Datasets', level: 1 })).toBeVisible();
});

test('a revoked session sends the user to sign in again, with the reason', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('expired');
  await registerViaApi(request, email);
  await signIn(page, email);

  // What the server sees when the sign-in was revoked elsewhere: the cookie no longer matches.
  const [cookie] = (await page.context().cookies()).filter(
    (c) => c.name === 'csv_analyzer_refresh',
  );
  await page.context().addCookies([{ ...cookie!, value: 'rt_revoked-token' }]);
  await page.reload();

  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets&reason=expired$/);
  await expect(page.getByText('Your session expired, please sign in again.')).toBeVisible();

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/datasets$/);
});

test('a deep link survives signing in', async ({ page, request }) => {
  const email = uniqueEmail('deeplink');
  await registerViaApi(request, email);

  await page.goto('/datasets?view=all');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/datasets\?view=all$/);
});
