export const PRODUCT_NAME = 'CSV Analyzer';

export function pageTitle(page: string): string {
  return `${page} · ${PRODUCT_NAME}`;
}
