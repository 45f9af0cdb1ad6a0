import { datasetsDownloadDataset } from '@/api';

export type DownloadFormat = 'csv' | 'parquet';

function filenameFrom(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

/**
 * Saves one version as CSV or Parquet. The endpoint needs the bearer token, so a plain link
 * cannot do it: the file is fetched by the API client and handed to the browser as an object
 * URL, named as the server says. Rejects with an ApiError carrying the server's message.
 */
export async function downloadVersion(
  datasetId: string,
  datasetName: string,
  version: number,
  format: DownloadFormat,
): Promise<void> {
  const { data, response } = await datasetsDownloadDataset({
    path: { dataset_id: datasetId },
    query: { version, format },
    parseAs: 'blob',
    throwOnError: true,
  });
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart]);
  const href = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = href;
  anchor.download =
    filenameFrom(response.headers.get('Content-Disposition')) ??
    `${datasetName}-v${version}.${format}`;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser a moment to start reading the blob before it is released.
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
