// Public surface of the auth feature: the app layer imports from here only.
export { useCurrentUser } from './api/use-current-user';
export { GuestOnly } from './components/guest-only';
export { LoginForm } from './components/login-form';
export { RegisterForm } from './components/register-form';
export { RequireAuth } from './components/require-auth';
export { UserMenu } from './components/user-menu';
export { safeNextPath } from './validation';
