import { Button, Center, Code, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type ErrorFallbackProps = {
  title: string;
  message: ReactNode;
  /** Technical detail, shown only in development builds. */
  detail?: string;
  actions?: ReactNode;
};

export function ErrorFallback({ title, message, detail, actions }: ErrorFallbackProps) {
  return (
    <Center mih="60vh" p="xl">
      <Stack align="center" gap="md" maw={560} ta="center" role="alert">
        <Title order={1} size="h2">
          {title}
        </Title>
        <Text c="dimmed">{message}</Text>
        {import.meta.env.DEV && detail && (
          <Code block w="100%" ta="left">
            {detail}
          </Code>
        )}
        <Group justify="center">
          {actions ?? <Button onClick={() => window.location.reload()}>Reload the page</Button>}
        </Group>
      </Stack>
    </Center>
  );
}
