import { Alert, Select, Stack, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { modelsListModelsOptions } from '@/api/@tanstack/react-query.gen';

import { modelSlug } from '../lib/model-slug';

const NEW_MODEL = '__new__';

type ModelNamePickerProps = {
  value: string;
  placeholder: string;
  onChange: (name: string) => void;
};

/**
 * Picks the model a run trains a version of: an existing model from a list (so a typo cannot
 * start a separate model), or a new one by name, with a warning when that name is taken.
 */
export function ModelNamePicker({ value, placeholder, onChange }: ModelNamePickerProps) {
  // Always fresh: a model registered a minute ago must be in the list.
  const models = useQuery({ ...modelsListModelsOptions({ query: { limit: 100 } }), staleTime: 0 });
  const names = (models.data?.items ?? []).map((m) => m.name);
  const existing = names.find((n) => modelSlug(n) === modelSlug(value) && value.trim());
  const [mode, setMode] = useState<'existing' | 'new' | null>(null);
  const choosingNew = mode === 'new' || (mode === null && !existing);

  return (
    <Stack gap="xs">
      <Select
        label="Model"
        description="A new version of an existing model is compared with its champion."
        data={[
          { value: NEW_MODEL, label: 'A new model' },
          ...names.map((n) => ({ value: n, label: `New version of ${n}` })),
        ]}
        value={choosingNew ? NEW_MODEL : (existing ?? null)}
        allowDeselect={false}
        onChange={(picked) => {
          if (picked === NEW_MODEL || picked === null) {
            setMode('new');
            onChange('');
          } else {
            setMode('existing');
            onChange(picked);
          }
        }}
      />
      {choosingNew && (
        <TextInput
          label="Model name"
          description="Versions trained under the same name are compared with each other."
          placeholder={placeholder}
          value={value}
          maxLength={100}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      )}
      {choosingNew && existing && (
        <Alert color="yellow" variant="light">
          A model called “{existing}” exists: this run will train a new version of it.
        </Alert>
      )}
    </Stack>
  );
}
