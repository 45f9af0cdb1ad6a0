import { Button, Code, CopyButton, Group, Stack, Tabs, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

import type { ModelVersionSummary } from '@/api';

import { fieldsFromSchema, toRequestRow, typicalRow } from '../lib/feature-fields';
import { curlSnippet, predictUrl, pythonSnippet, TOKEN_PLACEHOLDER } from '../lib/snippets';

type ApiSnippetsProps = { modelId: string; version: ModelVersionSummary | undefined };

/** The copy button sits above the code, never over it: on a phone the code scrolls sideways and
 * an overlaid button would hide the end of the lines. */
function Snippet({ code, label }: { code: string; label: string }) {
  return (
    <Stack gap={4}>
      <Group justify="flex-end">
        <CopyButton value={code}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="default"
              onClick={copy}
              aria-label={`Copy ${label}`}
              leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Code block fz="xs" aria-label={label} style={{ overflowX: 'auto', maxWidth: '100%' }}>
        {code}
      </Code>
    </Stack>
  );
}

/** curl and Python calls to the champion, with this server's URL and a typical row. */
export function ApiSnippets({ modelId, version }: ApiSnippetsProps) {
  const fields = fieldsFromSchema(version?.feature_schema ?? []);
  const row = toRequestRow(typicalRow(fields), fields);
  const url = predictUrl(window.location.origin, modelId);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Replace <Code>{TOKEN_PLACEHOLDER}</Code> with a token from API tokens. Without a version in
        the URL, the champion answers.
      </Text>
      <Tabs defaultValue="curl" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="curl">curl</Tabs.Tab>
          <Tabs.Tab value="python">Python</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="curl" pt="xs">
          <Snippet code={curlSnippet(url, row)} label="curl snippet" />
        </Tabs.Panel>
        <Tabs.Panel value="python" pt="xs">
          <Snippet code={pythonSnippet(url, row)} label="Python snippet" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
