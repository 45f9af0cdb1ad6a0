import type { BatchJobRead } from '@/api';

import { formatNumber } from '@/lib/formatters';

/** "N of M rows scored" once the job has counts, "N rows so far" while it runs, else "". */
export function batchRowsText(job: BatchJobRead): string {
  const total = job.rows_total ?? null;
  const scored = job.rows_scored ?? null;
  if (total !== null && scored !== null) {
    return `${formatNumber(scored)} of ${formatNumber(total)} rows scored`;
  }
  const soFar = job.progress.rows;
  return soFar === null ? '' : `${formatNumber(soFar)} rows so far`;
}

/** Whether a finished job left some rows without a prediction. */
export function isPartial(job: BatchJobRead): boolean {
  return (job.rows_failed ?? 0) > 0 && (job.rows_scored ?? 0) > 0;
}

/** The first problems as short lines: "row 8: …" for data rows, "line 6: …" for unreadable records. */
export function problemLines(job: BatchJobRead, max = 5): string[] {
  return job.problems
    .slice(0, max)
    .map((p) => ('row' in p ? `row ${formatNumber(p.row + 1)}: ${p.error}` : p.error));
}
