import { ActionIcon, Code, CopyButton, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

import type { ModelVersionSummary } from '@/api';

import { fieldsFromSchema, toRequestRow, typicalRow } from '../lib/feature-fields';
import { curlSnippet, predictUrl, pythonSnippet, TOKEN_PLACEHOLDER } from '../lib/snippets';

type ApiSnippetsProps = { modelId: string; version: ModelVersionSummary | undefined };

function Snippet({ code, label }: { code: string; label: string }) {
  return (
    <div style={{ position: 'relative' }}>
      <Code block fz="xs" pr={44} aria-label={label}>
        {code}
      </Code>
      <CopyButton value={code}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy'}>
            <ActionIcon
              variant="default"
              onClick={copy}
              aria-label={`Copy ${label}`}
              style={{ position: 'absolute', top: 8, right: 8 }}
            >
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </div>
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
