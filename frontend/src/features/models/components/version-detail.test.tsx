import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@test/render';

import { ServingPath } from './version-detail';

describe('ServingPath', () => {
  it('names the compiled path when it serves', () => {
    renderWithProviders(<ServingPath path="compiled" reason={null} />);
    expect(screen.getByText('fast compiled path')).toBeInTheDocument();
  });

  it('names the pandas path and says why the fast one is off', () => {
    renderWithProviders(
      <ServingPath path="pandas" reason="not compilable: the model step is a StackingClassifier" />,
    );
    expect(screen.getByText('pandas pipeline path')).toBeInTheDocument();
    expect(screen.getByText(/StackingClassifier/)).toBeInTheDocument();
  });

  it('says when the trees run natively in Treelite', () => {
    renderWithProviders(<ServingPath path="compiled" reason={null} trees="treelite" />);
    expect(screen.getByText('fast compiled path')).toBeInTheDocument();
    expect(screen.getByText(/trees run natively in Treelite/)).toBeInTheDocument();
  });

  it('says why the trees are walked in Python when Treelite cannot read them', () => {
    renderWithProviders(
      <ServingPath
        path="compiled"
        reason="not compilable: Treelite cannot read the LGBMRegressor: linear trees"
        trees="python"
      />,
    );
    expect(screen.getByText(/trees walked one by one in Python/)).toBeInTheDocument();
    expect(screen.getByText(/linear trees/)).toBeInTheDocument();
  });
});
