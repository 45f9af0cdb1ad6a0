import { Avatar, Button, Group, Menu, Text } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';

import { useCurrentUser } from '../api/use-current-user';
import { useLogout } from '../api/use-logout';

function initialsOf(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

export function UserMenu() {
  const { data: user } = useCurrentUser();
  const logout = useLogout();
  const label = user?.email ?? 'Account';

  // Once the session is cleared, RequireAuth takes the user to /login.
  const signOut = () => logout.mutate();

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          rightSection={<IconChevronDown size={14} aria-hidden />}
          aria-label={`Account menu for ${label}`}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size="sm" radius="xl" color="blue" aria-hidden>
              {initialsOf(user?.full_name || label)}
            </Avatar>
            <Text size="sm" visibleFrom="sm">
              {label}
            </Text>
          </Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in as</Menu.Label>
        <Text size="sm" px="sm" pb="xs" truncate="end">
          {label}
        </Text>
        <Menu.Divider />
        <Menu.Item
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={signOut}
          disabled={logout.isPending}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
