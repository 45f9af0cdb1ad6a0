import { describe, expect, it } from 'vitest';

import { modelSlug } from './model-slug';

describe('modelSlug', () => {
  it('treats spellings the server treats as one model as equal', () => {
    expect(modelSlug('Churn model')).toBe(modelSlug('churn-model'));
    expect(modelSlug('  Churn   Model! ')).toBe('churn-model');
    expect(modelSlug('Churn model 2')).not.toBe(modelSlug('Churn model'));
  });
});
