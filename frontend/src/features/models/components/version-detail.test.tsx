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
});
