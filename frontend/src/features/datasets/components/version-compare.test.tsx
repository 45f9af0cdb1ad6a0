import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { DatasetVersionRead } from '@/api';

import { VersionCompare } from './version-compare';

function version(number: number, zipType: string): DatasetVersionRead {
  return {
    id: `v${number}`,
    number,
    parent_number: number > 1 ? number - 1 : null,
    origin: number > 1 ? 'operations' : 'upload',
    rows: 10,
    columns: 1,
    column_types: { zip: zipType },
    columns_summary: [{ name: 'zip', type: zipType, missing: 0 }],
    operations: [],
    ingest_report: null,
    cleaning_report: null,
    created_by: 'u1',
    created_at: '2026-12-04T10:00:00Z',
    is_current: false,
  } as DatasetVersionRead;
}

describe('VersionCompare', () => {
  it('follows a version created while it is open, so a new type change shows', () => {
    const two = [version(1, 'integer'), version(2, 'integer')];
    const { rerender } = render(<VersionCompare versions={two} />, { wrapper: MantineProvider });
    const card = screen.getByRole('region', { name: 'Compare versions' });
    expect(within(card).getByText('Same columns, types and missing counts.')).toBeVisible();

    rerender(<VersionCompare versions={[...two, version(3, 'text')]} />);
    expect(within(card).getByText('zip: integer → text')).toBeVisible();
  });
});
