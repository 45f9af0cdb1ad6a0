import { Alert, Button, Group, Loader, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

import type { ImputeStrategy, SemanticType } from '@/api';

import { profilePageOffset, useProfile } from '../api/use-dataset-queries';
import type { Operation } from '../api/use-dataset-mutations';
import {
  buildColumnOperation,
  imputeStrategiesFor,
  SEMANTIC_TYPES,
  type ColumnAction,
  type ColumnForm,
} from '../lib/column-operations';
import { errorMessage } from '../lib/error-message';
import { ColumnProfileCard } from './column-profile-card';

export type ColumnActionTarget = {
  action: ColumnAction;
  column: string;
  /** The column's position in the version, to fetch the profile page that holds it. */
  index: number;
  type: SemanticType | undefined;
  missing: number;
};

type ColumnActionModalProps = {
  datasetId: string;
  version: number;
  target: ColumnActionTarget | null;
  onClose: () => void;
  onApply: (operation: Operation) => Promise<unknown>;
  applying: boolean;
  error: unknown;
};

const TITLES: Record<ColumnAction, string> = {
  profile: 'Profile of',
  cast: 'Change the type of',
  impute: 'Fill missing values of',
  rename: 'Rename',
  drop: 'Drop',
};

function ProfileBody({
  datasetId,
  version,
  column,
  index,
}: {
  datasetId: string;
  version: number;
  column: string;
  index: number;
}) {
  const profile = useProfile(datasetId, version, profilePageOffset(index));
  if (profile.isPending) return <Loader size="sm" aria-label="Loading the profile" />;
  if (profile.error) return <Alert color="red">{errorMessage(profile.error)}</Alert>;
  const found = profile.data.column_profiles.find((p) => p.name === column);
  return found ? (
    <ColumnProfileCard profile={found} />
  ) : (
    <Text c="dimmed">No profile for {column}.</Text>
  );
}

function ActionFields({
  target,
  form,
  setForm,
}: {
  target: ColumnActionTarget;
  form: ColumnForm;
  setForm: (f: ColumnForm) => void;
}) {
  switch (target.action) {
    case 'cast':
      return (
        <Select
          label="New type"
          description={`Currently ${target.type ?? 'unknown'}. Values that do not fit are listed and nothing changes.`}
          data={SEMANTIC_TYPES}
          value={form.to ?? null}
          onChange={(to) => setForm({ ...form, to: (to ?? undefined) as SemanticType | undefined })}
          allowDeselect={false}
        />
      );
    case 'impute':
      return (
        <>
          <Text size="sm">
            {target.missing.toLocaleString('en-US')} missing values will be filled.
          </Text>
          <Select
            label="Strategy"
            data={imputeStrategiesFor(target.type)}
            value={form.strategy ?? null}
            onChange={(strategy) =>
              setForm({ ...form, strategy: (strategy ?? undefined) as ImputeStrategy | undefined })
            }
            allowDeselect={false}
          />
          {form.strategy === 'constant' && (
            <TextInput
              label="Value"
              value={form.value ?? ''}
              onChange={(e) => setForm({ ...form, value: e.currentTarget.value })}
            />
          )}
        </>
      );
    case 'rename':
      return (
        <TextInput
          label="New name"
          data-autofocus
          value={form.newName ?? ''}
          onChange={(e) => setForm({ ...form, newName: e.currentTarget.value })}
        />
      );
    default:
      return (
        <Text size="sm">The column is removed in a new version; earlier versions keep it.</Text>
      );
  }
}

/** The form behind a column menu action; applying it creates a new version. */
export function ColumnActionModal({
  datasetId,
  version,
  target,
  onClose,
  onApply,
  applying,
  error,
}: ColumnActionModalProps) {
  const [form, setForm] = useState<ColumnForm>({});
  const [problem, setProblem] = useState<string | null>(null);
  const close = () => {
    setForm({});
    setProblem(null);
    onClose();
  };
  const submit = () => {
    if (!target) return;
    const built = buildColumnOperation(target.action, target.column, target.type, form);
    if (typeof built === 'string') return setProblem(built);
    setProblem(null);
    void onApply(built).then(close, () => undefined);
  };

  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={target ? `${TITLES[target.action]} ${target.column}` : ''}
      size={target?.action === 'profile' ? 'lg' : 'md'}
    >
      {target?.action === 'profile' && (
        <ProfileBody
          datasetId={datasetId}
          version={version}
          column={target.column}
          index={target.index}
        />
      )}
      {target && target.action !== 'profile' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <ActionFields target={target} form={form} setForm={setForm} />
            {problem && (
              <Text size="sm" c="red">
                {problem}
              </Text>
            )}
            {error !== null && error !== undefined && (
              <Alert color="red" role="alert" title="Not applied">
                {errorMessage(error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={applying}
                color={target.action === 'drop' ? 'red' : undefined}
              >
                {target.action === 'drop' ? 'Drop column' : 'Apply'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
