import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { PASSWORD, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

// A unique account per run: the server keeps its data dir for the whole run.
const email = uniqueEmail();
const password = PASSWORD;

test('register, sign in, stay signed in across a reload, sign out', async ({ page }) => {
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets/);

  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Your account is ready. Sign in to continue.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByRole('heading', { name: 'Datasets', level: 1 })).toBeVisible();
  await expect(page.getByText('Upload your first CSV')).toBeVisible();
  const userMenu = page.getByRole('button', { name: `Account menu for ${email}` });
  await expect(userMenu).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(userMenu).toBeVisible();

  await userMenu.click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // Signed out for real: the protected page sends us back to the login.
  await page.goto('/datasets');
  await expect(page).toHaveURL(/\/login\?next=%2Fdatasets/);
});

test('wrong password shows the server message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/incorrect|invalid/i);
});

test('an unknown address shows the not-found page', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
