import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '@test/render';

import { FilterBuilder } from './filter-builder';

const columns = [
  { name: 'age', type: 'integer' as const },
  { name: 'city', type: 'categorical' as const },
];

async function choose(label: string, option: string) {
  await userEvent.click(screen.getByRole('combobox', { name: label }));
  await userEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

describe('FilterBuilder', () => {
  it('builds a typed filter from column, operator and value', async () => {
    const onChange = vi.fn();
    renderWithProviders(<FilterBuilder columns={columns} filters={[]} onChange={onChange} />);

    await choose('Column', 'age');
    await choose('Operator', 'at least');
    await userEvent.type(screen.getByRole('textbox', { name: 'Value' }), 'thirty');
    await userEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter a number.');
    expect(onChange).not.toHaveBeenCalled();

    await userEvent.clear(screen.getByRole('textbox', { name: 'Value' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Value' }), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(onChange).toHaveBeenCalledWith([{ column: 'age', op: 'ge', value: '30' }]);
  });

  it('needs no value for "is missing" and removes a filter from its chip', async () => {
    const onChange = vi.fn();
    const existing = [{ column: 'city', op: 'eq' as const, value: 'Paris' }];
    renderWithProviders(<FilterBuilder columns={columns} filters={existing} onChange={onChange} />);

    await choose('Column', 'age');
    await choose('Operator', 'is missing');
    expect(screen.getByRole('textbox', { name: 'Value' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Add filter' }));
    expect(onChange).toHaveBeenLastCalledWith([
      ...existing,
      { column: 'age', op: 'is_null', value: '' },
    ]);

    await userEvent.click(screen.getByRole('button', { name: 'Remove filter city = Paris' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });
});
