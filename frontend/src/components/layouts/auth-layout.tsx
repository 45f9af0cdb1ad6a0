import { Center, Container, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type AuthLayoutProps = {
  productName: string;
  title: string;
  children: ReactNode;
  /** Below the card, e.g. a link to the other auth page. */
  footer?: ReactNode;
};

/** Centered card used by the sign-in and sign-up pages. */
export function AuthLayout({ productName, title, children, footer }: AuthLayoutProps) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" py="xl">
      <Container size={420} w="100%">
        <Stack gap="lg">
          <Stack gap={4} align="center">
            <Text fw={700} c="blue.7" size="lg">
              {productName}
            </Text>
            <Title order={1} size="h2" ta="center">
              {title}
            </Title>
          </Stack>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            {children}
          </Paper>
          {footer && (
            <Text size="sm" ta="center" c="dimmed">
              {footer}
            </Text>
          )}
        </Stack>
      </Container>
    </Center>
  );
}
