import { expect, test } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { registerViaApi, signIn, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');
test.use({ viewport: { width: 390, height: 844 } });

const WIDE = [
  'name,height,weight,age,city,country,income,score',
  'Ann,172,70.5,34,Paris,France,"$52,000",7',
  'Bob,165,60.2,28,Lyon,France,"$48,500",5',
  'Cid,180,85.1,41,Nice,France,"$61,250",9',
].join('\n');

test('on a phone, tables scroll sideways inside the page instead of clipping columns', async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('phone');
  await registerViaApi(request, email);
  await signIn(page, email);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose CSV file' }).click();
  await (
    await chooser
  ).setFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(WIDE) });
  const grid = page.getByRole('table', { name: 'Rows of version 1' });
  await expect(grid.getByRole('row')).toHaveCount(4);

  // The page itself never scrolls sideways: wide content scrolls in its own container.
  const pageOverflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(pageOverflow).toBeLessThanOrEqual(0);

  // The last column can be scrolled into view and read.
  const last = grid.getByRole('columnheader', { name: /score/ });
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport();

  await page.goto('/datasets');
  const list = page.getByRole('table', { name: 'Datasets' });
  // A table wider than the phone shows its scrollbar, so cut-off columns read as "scroll me".
  const scrollbar = list
    .locator('xpath=ancestor::*[contains(@class, "mantine-ScrollArea-root")][1]')
    .locator('> .mantine-ScrollArea-scrollbar[data-orientation="horizontal"]');
  await expect(scrollbar).toBeVisible();
  const updated = list.getByRole('columnheader', { name: 'Updated' });
  await updated.scrollIntoViewIfNeeded();
  await expect(updated).toBeInViewport();
  expect(
    await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    ),
  ).toBeLessThanOrEqual(0);
});
