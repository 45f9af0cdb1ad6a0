import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderWithProviders } from '@test/render';

import { ApiSnippets } from './api-snippets';

describe('ApiSnippets', () => {
  it('puts the copy button above the code instead of over it', () => {
    renderWithProviders(<ApiSnippets modelId="m1" version={undefined} />);
    const code = screen.getByLabelText('curl snippet');
    const copy = screen.getByRole('button', { name: 'Copy curl snippet' });
    expect(code.contains(copy)).toBe(false);
    expect(copy.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(copy.closest('[style*="absolute"]')).toBeNull();
    expect(copy).toHaveTextContent('Copy');
  });
});
