/** How a cell value reads in the grid: missing values are explicit, numbers keep their digits. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(10)));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function isMissing(value: unknown): boolean {
  return value === null || value === undefined;
}
