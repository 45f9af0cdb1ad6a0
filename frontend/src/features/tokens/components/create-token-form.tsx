import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useState } from 'react';

import type { ApiTokenCreated } from '@/api';
import { fieldErrors } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-message';

import { useCreateToken } from '../api/use-tokens';
import { EXPIRY_CHOICES, expiresInDays } from '../lib/token-status';

function SecretOnce({ created, onDone }: { created: ApiTokenCreated; onDone: () => void }) {
  return (
    <Alert color="teal" icon={<IconKey aria-hidden />} title={`Token "${created.name}" created`}>
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          Copy it now: this is the only time it is shown.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code
            block
            fz="sm"
            style={{ flex: 1, wordBreak: 'break-all' }}
            aria-label="New token secret"
          >
            {created.token}
          </Code>
          <CopyButton value={created.token}>
            {({ copied, copy }) => (
              <Button
                variant={copied ? 'filled' : 'light'}
                color="teal"
                leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                onClick={copy}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button variant="subtle" size="xs" onClick={onDone}>
            I stored it, hide it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Name and expiry in, the secret out (once). */
export function CreateTokenForm() {
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const create = useCreateToken();
  const errors = fieldErrors(create.error);

  const submit = () =>
    create.mutate(
      { name: name.trim(), expires_in_days: expiresInDays(expiry) },
      { onSuccess: () => setName('') },
    );

  return (
    <Card withBorder padding="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          New token
        </Title>
        <form onSubmit={(e) => (e.preventDefault(), submit())}>
          <Group align="flex-start">
            <TextInput
              label="Name"
              description="Where it is used, e.g. “nightly scoring job”."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              error={errors.name}
              w={320}
            />
            <Select
              label="Expires"
              description="Shorter is safer."
              data={EXPIRY_CHOICES}
              value={expiry}
              onChange={(v) => v && setExpiry(v)}
              allowDeselect={false}
              w={160}
            />
            <Button type="submit" mt={46} loading={create.isPending} disabled={!name.trim()}>
              Create token
            </Button>
          </Group>
        </form>
        {create.isError && !errors.name && <Alert color="red">{errorMessage(create.error)}</Alert>}
        {create.data && <SecretOnce created={create.data} onDone={() => create.reset()} />}
      </Stack>
    </Card>
  );
}
