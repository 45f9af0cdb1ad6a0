import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { PASSWORD, registerViaApi, signIn, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

test('a revoked refresh token sends the user to sign in again, with the reason', async ({
  page,
  request,
}) => {
  const email = uniqueEmail('expired');
  await registerViaApi(request, email);
  await signIn(page, email);

  // What the server sees when a refresh token was revoked elsewhere: it no longer matches.
  await page.evaluate(() => {
    const key = Object.keys(window.localStorage).find((k) => k.includes('refresh'));
    if (key) window.localStorage.setItem(key, 'revoked-token');
  });
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
