// Client-side checks mirror the server's password policy so most mistakes never leave the form;
// the server stays the authority (its 422 messages are shown under the fields too).

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN_LENGTH = 8;

export function validateEmail(value: string): string | null {
  const email = value.trim();
  if (!email) return 'Enter your email address';
  if (!EMAIL_PATTERN.test(email)) return 'Enter a valid email address, like name@example.com';
  return null;
}

export function validateLoginPassword(value: string): string | null {
  return value ? null : 'Enter your password';
}

export function validateNewPassword(value: string, email: string): string | null {
  if (value.length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (/^\d+$/.test(value)) return 'Use more than digits only';
  if (email.trim() && value.trim().toLowerCase() === email.trim().toLowerCase()) {
    return 'Your password must not be your email address';
  }
  return null;
}

export function validatePasswordConfirmation(value: string, password: string): string | null {
  if (!value) return 'Repeat your password';
  return value === password ? null : 'Passwords do not match';
}

/**
 * Where to go after signing in: only same-site paths, so `?next=` cannot send the user to another
 * origin (`//evil.example` and `/\evil.example` are protocol-relative in browsers).
 */
export function safeNextPath(next: string | null, fallback = '/datasets'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback;
  }
  return next;
}
