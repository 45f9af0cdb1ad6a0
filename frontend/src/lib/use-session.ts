import { useSyncExternalStore } from 'react';

import { authStore, type SessionState } from './auth-store';

/** The current session state; re-renders when the user signs in or out (in any tab). */
export function useSession(): SessionState {
  return useSyncExternalStore(authStore.subscribe, authStore.getState, authStore.getState);
}
