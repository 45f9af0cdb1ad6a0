import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';

import { expect, test, type Page } from '@playwright/test';

import { hasChromium } from '../playwright.config';

import { registerViaApi, signIn, uniqueEmail } from './helpers';

test.skip(!hasChromium, 'Chromium is not installed at /usr/bin/chromium');

// Ten people; `age` is missing on three rows (ids 2, 5 and 8).
const CSV = [
  'height,weight,age,city',
  '172,70.5,34,Paris',
  '165,60.2,28,Lyon',
  '180,85.1,,Paris',
  '158,52.3,45,Nice',
  '190,95.0,39,Lyon',
  '169,66.6,,Paris',
  '175,72.4,51,Nice',
  '162,58.9,23,Lyon',
  '185,88.8,,Paris',
  '171,69.0,31,Nice',
].join('\n');

async function pick(page: Page, label: string, option: string) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('upload, browse, sort, filter, delete rows, impute, restore and download', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const email = uniqueEmail('datasets');
  await registerViaApi(request, email);
  await signIn(page, email);

  // Upload through the file chooser; the page opens on the new dataset.
  await expect(page.getByText('Upload your first CSV')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose CSV file' }).click();
  await (
    await chooser
  ).setFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByRole('heading', { name: 'people', level: 1 })).toBeVisible();
  await expect(page.getByText('Version 1: 10 rows × 4 columns')).toBeVisible();

  // Browse: every row on one page, missing values spelled out.
  const grid = page.getByRole('table', { name: 'Rows of version 1' });
  await expect(grid.getByRole('row')).toHaveCount(11);
  await expect(grid.getByText('missing')).toHaveCount(3);
  await expect(page.getByText('Rows 1–10 of 10')).toBeVisible();

  // Sort by height, descending on the second click.
  await grid.getByRole('button', { name: 'Sort by height' }).click();
  await expect(grid.getByRole('columnheader', { name: /height/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  await expect(grid.getByRole('row').nth(1)).toContainText('158');
  await grid.getByRole('button', { name: 'Sort by height' }).click();
  await expect(grid.getByRole('row').nth(1)).toContainText('190');

  // Filter: city equals Paris -> four rows; then remove the filter.
  await pick(page, 'Column', 'city');
  await pick(page, 'Operator', 'equals');
  await page.getByRole('textbox', { name: 'Value' }).fill('Paris');
  await page.getByRole('button', { name: 'Add filter' }).click();
  await expect(page.getByText('Rows 1–4 of 4')).toBeVisible();
  await expect(page).toHaveURL(/filter=city%3Aeq%3AParis/);
  await page.getByRole('button', { name: 'Remove filter city = Paris' }).click();
  await expect(page.getByText('Rows 1–10 of 10')).toBeVisible();

  // Delete two rows -> version 2.
  await grid.getByRole('checkbox', { name: 'Select row 0' }).check();
  await grid.getByRole('checkbox', { name: 'Select row 3' }).check();
  await page.getByRole('button', { name: 'Delete 2 rows' }).click();
  await expect(page.getByText('Version 2: 8 rows × 4 columns')).toBeVisible();

  // Impute age with the median from the column menu -> version 3.
  await page.getByRole('button', { name: 'Column menu for age' }).click();
  await page.getByRole('menuitem', { name: 'Fill missing values…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fill missing values of age' });
  await pick(page, 'Strategy', 'Median');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Version 3: 8 rows × 4 columns')).toBeVisible();
  const current = page.getByRole('table', { name: 'Rows of version 3' });
  await expect(current.getByText('missing')).toHaveCount(0);

  // History: three versions, what each did; restore version 1 -> version 4 with 10 rows.
  await page.getByRole('tab', { name: /Versions/ }).click();
  const history = page.getByRole('table', { name: 'Version history' });
  await expect(history.getByRole('row', { name: 'Version 3' })).toContainText(
    'Filled missing age with the median',
  );
  await expect(history.getByRole('row', { name: 'Version 2' })).toContainText('Dropped 2 rows');
  await history.getByRole('button', { name: 'Restore version 1' }).click();
  await expect(history.getByRole('row', { name: 'Version 4' })).toContainText('Restored version 1');
  await expect(page.getByText('Version 4: 10 rows × 4 columns')).toBeVisible();

  // Download version 1 as CSV: the file has the original header and ten rows.
  await history.getByRole('button', { name: 'Download version 1' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('people-v1.csv');
  const content = (await readFile(await file.path())).toString('utf8').trim();
  // The server may quote fields; compare the values.
  const lines = content.split(/\r?\n/).map((line) => line.replaceAll('"', ''));
  expect(lines[0]).toBe('height,weight,age,city');
  expect(lines).toHaveLength(11);
  expect(lines).toContain('158,52.3,45,Nice'); // a row deleted in version 2 is back
  expect(lines.filter((line) => line.includes(',,'))).toHaveLength(3); // the missing ages
});

test('an upload the server refuses shows its message', async ({ page, request }) => {
  const email = uniqueEmail('datasets-bad');
  await registerViaApi(request, email);
  await signIn(page, email);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose CSV file' }).click();
  await (
    await chooser
  ).setFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByRole('alert').filter({ hasText: 'Upload failed' })).toBeVisible();
});

test('drop a CSV on the upload area, rename the dataset, delete it', async ({ page, request }) => {
  const email = uniqueEmail('datasets-drop');
  await registerViaApi(request, email);
  await signIn(page, email);
  const dataTransfer = await page.evaluateHandle((csv) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
    return transfer;
  }, CSV);
  const zone = page.getByRole('region', { name: 'Upload a CSV file' });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('heading', { name: 'dropped', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Dataset actions' }).click();
  await page.getByRole('menuitem', { name: 'Rename dataset' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill('people 2026');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'people 2026', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Dataset actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete dataset' }).click();
  await page
    .getByRole('dialog', { name: 'Delete dataset?' })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page).toHaveURL(/\/datasets$/);
  await expect(page.getByText('Upload your first CSV')).toBeVisible();
});

/** A CSV of `rows` rows (~57 bytes each), written in chunks so the test never holds it all. */
async function writeBigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const cities = ['Berlin', 'Paris', 'Rome', 'Madrid', 'Lisbon'];
  out.write('id,amount,city,day,flag,note\n');
  for (let start = 0; start < rows; start += 50_000) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + 50_000); i++) {
      const day = `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
      chunk += `${i},${(i * 0.37).toFixed(2)},${cities[i % 5]},${day},${i % 3 ? 'yes' : 'no'},row ${i}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

test('a large upload shows the server reading it, phase by phase', async ({ page, request }) => {
  test.setTimeout(180_000);
  const file = test.info().outputPath('big.csv');
  // ~240 MB: the server's phases last seconds even on a fast machine (with ~85 MB they ended
  // between two of the page's polls, 400 ms apart, and no phase was ever shown).
  await writeBigCsv(file, 4_000_000);
  const email = uniqueEmail('datasets-big');
  await registerViaApi(request, email);
  await signIn(page, email);

  // Both waits start before the upload: a network event and an in-page wait miss nothing.
  // Any server-side phase counts (reading, re-reading, analysing, storing): on a quiet machine
  // the read alone can end between two polls 400 ms apart, and the bar shows in every phase.
  const serverPhases = new Set(['read', 'reread', 'analyze', 'store']);
  const reading = page.waitForResponse(
    async (response) =>
      response.url().includes('/api/v1/uploads/') &&
      response.ok() &&
      serverPhases.has(((await response.json()) as { phase: string }).phase),
    { timeout: 150_000 },
  );
  const bar = page.getByRole('progressbar', { name: 'Processing progress' });
  const barShown = bar.waitFor({ state: 'visible', timeout: 150_000 });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose CSV file' }).click();
  await (await chooser).setFiles(file);

  const polled = await reading;
  expect(polled.url()).toMatch(/\/api\/v1\/uploads\/[0-9a-f]{32}$/);
  await barShown;
  await expect(page.getByRole('heading', { name: 'big', level: 1 })).toBeVisible({
    timeout: 150_000,
  });
  await expect(page.getByText(/Version 1: 4,000,000 rows × 6 columns/)).toBeVisible();
});
