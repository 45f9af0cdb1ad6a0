import { IconBox, IconDatabase, IconKey, IconSchool } from '@tabler/icons-react';
import { Outlet } from 'react-router';

import { AppShellLayout, type NavItem } from '@/components/layouts/app-shell-layout';
import { RequireAuth, UserMenu } from '@/features/auth';

import { PRODUCT_NAME } from '../constants';

// Add an entry here when a feature gets its page (training, models, predictions, monitoring).
const NAV_ITEMS: NavItem[] = [
  { label: 'Datasets', to: '/datasets', icon: IconDatabase },
  { label: 'Training', to: '/training', icon: IconSchool },
  { label: 'Models', to: '/models', icon: IconBox },
  { label: 'API tokens', to: '/settings/tokens', icon: IconKey },
];

/** The signed-in area: header with the user menu, navigation, and the page. */
export function AppLayoutRoute() {
  return (
    <RequireAuth>
      <AppShellLayout productName={PRODUCT_NAME} navItems={NAV_ITEMS} headerRight={<UserMenu />}>
        <Outlet />
      </AppShellLayout>
    </RequireAuth>
  );
}
