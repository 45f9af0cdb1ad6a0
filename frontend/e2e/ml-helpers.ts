import { expect, type APIRequestContext, type Page } from '@playwright/test';

import { PASSWORD } from './helpers';

/**
 * 240 customers; churn follows age (older churn) with a little noise, so a model beats the
 * baseline. `id` is an identifier and `plan` a constant: the wizard suggests excluding both.
 */
export function churnCsv(rows = 240): string {
  const cities = ['Paris', 'Lyon', 'Nice'];
  const lines = ['id,age,income,city,signup_date,plan,churn'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + ((i * 37) % 63);
    const income = 30000 + ((i * 7919) % 50000);
    const city = cities[i % 3];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    const noisy = i % 9 === 0;
    const churn = age > 50 !== noisy ? 'yes' : 'no';
    lines.push(`${i},${age},${income},${city},2024-${month}-${day},basic,${churn}`);
  }
  return lines.join('\n');
}

export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const response = await request.post('/api/v1/auth/login', {
    form: { username: email, password: PASSWORD },
  });
  expect(response.ok()).toBeTruthy();
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function uploadCsv(
  request: APIRequestContext,
  token: string,
  name: string,
  csv: string,
): Promise<string> {
  const response = await request.post('/api/v1/datasets', {
    headers: { Authorization: `Bearer ${token}` },
    multipart: {
      name,
      file: { name: `${name}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) },
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

type Job = { id: string; status: string; result: { registry?: { model_id?: string } } | null };

/** Starts a 10 s training job through the API and waits until it ends. */
export async function trainViaApi(
  request: APIRequestContext,
  token: string,
  body: Record<string, unknown>,
): Promise<Job> {
  const headers = { Authorization: `Bearer ${token}` };
  const created = await request.post('/api/v1/training-jobs', {
    headers,
    data: { time_budget_s: 10, ...body },
  });
  expect(created.status()).toBe(202);
  const { id } = (await created.json()) as Job;
  let job: Job = { id, status: 'queued', result: null };
  await expect
    .poll(
      async () => {
        job = (await (await request.get(`/api/v1/training-jobs/${id}`, { headers })).json()) as Job;
        return job.status;
      },
      { timeout: 180_000, intervals: [2000] },
    )
    .toMatch(/succeeded|failed|cancelled/);
  expect(job.status).toBe('succeeded');
  return job;
}

/** Opens a Mantine select by its label and picks an option. */
export async function pick(page: Page, label: string, option: string | RegExp) {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}
