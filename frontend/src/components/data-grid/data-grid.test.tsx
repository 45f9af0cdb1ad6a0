import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it, vi } from 'vitest';

import { DataGrid } from './data-grid';

const rows = [
  { __row_id: 0, age: 34, city: 'Paris' },
  { __row_id: 1, age: null, city: 'Lyon' },
];

function renderGrid(props: Partial<Parameters<typeof DataGrid>[0]> = {}) {
  const onSort = vi.fn();
  const onSelectedChange = vi.fn();
  render(
    <MantineProvider>
      <DataGrid
        label="Rows"
        columns={[{ key: 'age', numeric: true }, { key: 'city' }]}
        rows={rows}
        rowKey={(row) => Number(row.__row_id)}
        sort={{ column: 'age', direction: 'desc' }}
        onSort={onSort}
        selected={new Set([1])}
        onSelectedChange={onSelectedChange}
        {...props}
      />
    </MantineProvider>,
  );
  return { onSort, onSelectedChange };
}

describe('DataGrid', () => {
  it('shows values, spells out missing ones and marks the sorted column', () => {
    renderGrid();
    const table = screen.getByRole('table', { name: 'Rows' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('missing')).toBeInTheDocument();
    expect(
      within(table).getByRole('button', { name: 'Sort by age' }).closest('th'),
    ).toHaveAttribute('aria-sort', 'descending');
    expect(
      within(table).getByRole('button', { name: 'Sort by city' }).closest('th'),
    ).toHaveAttribute('aria-sort', 'none');
  });

  it('reports header clicks and row selection', async () => {
    const { onSort, onSelectedChange } = renderGrid();
    await userEvent.click(screen.getByRole('button', { name: 'Sort by city' }));
    expect(onSort).toHaveBeenCalledWith('city');

    await userEvent.click(screen.getByRole('checkbox', { name: 'Select row 0' }));
    expect(onSelectedChange).toHaveBeenLastCalledWith(new Set([1, 0]));

    await userEvent.click(screen.getByRole('checkbox', { name: 'Select all rows on this page' }));
    expect(onSelectedChange).toHaveBeenLastCalledWith(new Set([1, 0]));
  });
});
