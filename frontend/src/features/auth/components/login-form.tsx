import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ApiError } from '@/lib/api-error';

import { useLogin } from '../api/use-login';
import { validateEmail, validateLoginPassword } from '../validation';

type LoginFormProps = {
  defaultEmail?: string;
  onSuccess: () => void;
};

function loginErrorMessage(error: ApiError): string {
  if (error.code === 'too_many_attempts' && error.retryAfter !== null) {
    return `${error.message} Try again in ${error.retryAfter} seconds.`;
  }
  return error.message;
}

export function LoginForm({ defaultEmail = '', onSuccess }: LoginFormProps) {
  const login = useLogin();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: defaultEmail, password: '' },
    validate: {
      email: validateEmail,
      password: validateLoginPassword,
    },
  });

  const handleSubmit = form.onSubmit((values) => {
    login.mutate(values, { onSuccess });
  });

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Sign in">
      <Stack gap="md">
        {login.error instanceof ApiError && (
          <Alert color="red" role="alert" title="Could not sign in">
            {loginErrorMessage(login.error)}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          withAsterisk={false}
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={login.isPending} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
