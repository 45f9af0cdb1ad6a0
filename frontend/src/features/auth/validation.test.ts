import { describe, expect, it } from 'vitest';

import {
  safeNextPath,
  validateEmail,
  validateNewPassword,
  validatePasswordConfirmation,
} from './validation';

describe('validateEmail', () => {
  it.each(['', '   '])('asks for an email when empty (%j)', (value) => {
    expect(validateEmail(value)).toBe('Enter your email address');
  });

  it.each(['ada', 'ada@', 'ada@example', 'a da@example.com'])('rejects %j', (value) => {
    expect(validateEmail(value)).toMatch(/valid email/);
  });

  it('accepts an address with surrounding spaces', () => {
    expect(validateEmail('  ada@example.com ')).toBeNull();
  });
});

describe('validateNewPassword (mirrors the server policy)', () => {
  it('needs at least 8 characters', () => {
    expect(validateNewPassword('short1!', 'ada@example.com')).toBe('Use at least 8 characters');
  });

  it('rejects digits only', () => {
    expect(validateNewPassword('1234567890', 'ada@example.com')).toBe('Use more than digits only');
  });

  it('rejects the email address, whatever the case', () => {
    expect(validateNewPassword('Ada@Example.com', 'ada@example.com')).toMatch(/not be your email/);
  });

  it('accepts a reasonable password', () => {
    expect(validateNewPassword('correct horse', 'ada@example.com')).toBeNull();
  });
});

describe('validatePasswordConfirmation', () => {
  it('requires the same password twice', () => {
    expect(validatePasswordConfirmation('', 'secret123')).toBe('Repeat your password');
    expect(validatePasswordConfirmation('secret124', 'secret123')).toBe('Passwords do not match');
    expect(validatePasswordConfirmation('secret123', 'secret123')).toBeNull();
  });
});

describe('safeNextPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeNextPath('/datasets?page=2')).toBe('/datasets?page=2');
  });

  it.each([null, '', 'https://evil.example', '//evil.example', '/\\evil.example', 'datasets'])(
    'falls back for %j',
    (value) => {
      expect(safeNextPath(value)).toBe('/datasets');
    },
  );
});
