import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { ApiError, fieldErrors } from '@/lib/api-error';

import { useRegister } from '../api/use-register';
import {
  PASSWORD_MIN_LENGTH,
  validateEmail,
  validateNewPassword,
  validatePasswordConfirmation,
} from '../validation';

type RegisterFormProps = {
  onSuccess: (email: string) => void;
};

const SERVER_FIELDS: Record<string, 'email' | 'password' | 'fullName'> = {
  email: 'email',
  password: 'password',
  full_name: 'fullName',
};

export function RegisterForm({ onSuccess }: RegisterFormProps) {
  const register = useRegister();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', fullName: '', password: '', confirmPassword: '' },
    validate: {
      email: validateEmail,
      password: (value, values) => validateNewPassword(value, values.email),
      confirmPassword: (value, values) => validatePasswordConfirmation(value, values.password),
    },
  });

  const handleSubmit = form.onSubmit(({ email, fullName, password }) => {
    register.mutate(
      { email, fullName, password },
      {
        onSuccess: (user) => onSuccess(user.email),
        onError: (error) => {
          if (error.code === 'email_taken') {
            form.setFieldError('email', error.message);
            return;
          }
          const errors: Record<string, string> = {};
          for (const [field, message] of Object.entries(fieldErrors(error))) {
            const formField = SERVER_FIELDS[field];
            if (formField) errors[formField] = message;
          }
          form.setErrors(errors);
        },
      },
    );
  });

  // Field-level problems are shown under their inputs; anything else goes in the banner.
  const error = register.error;
  const showBanner =
    error instanceof ApiError &&
    error.code !== 'email_taken' &&
    Object.keys(fieldErrors(error)).length === 0;

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Create account">
      <Stack gap="md">
        {showBanner && (
          <Alert color="red" role="alert" title="Could not create your account">
            {error.message}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          withAsterisk={false}
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <TextInput
          label="Full name"
          description="Optional"
          autoComplete="name"
          key={form.key('fullName')}
          {...form.getInputProps('fullName')}
        />
        <PasswordInput
          label="Password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters, not only digits, not your email`}
          autoComplete="new-password"
          required
          withAsterisk={false}
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          required
          withAsterisk={false}
          key={form.key('confirmPassword')}
          {...form.getInputProps('confirmPassword')}
        />
        <Button type="submit" loading={register.isPending} fullWidth>
          Create account
        </Button>
      </Stack>
    </form>
  );
}
