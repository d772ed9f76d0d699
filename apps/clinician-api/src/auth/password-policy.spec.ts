import { describe, expect, it } from '@jest/globals';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { checkPasswordPolicy } from './password-policy.js';

describe('checkPasswordPolicy', () => {
  it('accepts a long, uncommon password unrelated to the username', () => {
    expect(checkPasswordPolicy({ username: 'nurse', password: 'plum tree under rain' })).toEqual([]);
  });

  it('counts characters, not bytes: 12 characters pass, 11 fail, 200 pass, 201 fail', () => {
    expect(checkPasswordPolicy({ username: 'u1', password: 'äöüäöüäöüäöü' })).toEqual([]);
    expect(checkPasswordPolicy({ username: 'u1', password: 'kx8'.repeat(3) + 'mn' })).toEqual(['TOO_SHORT']);
    expect(checkPasswordPolicy({ username: 'u1', password: 'k'.repeat(199) + 'z' })).toEqual([]);
    expect(checkPasswordPolicy({ username: 'u1', password: 'k'.repeat(201) })).toEqual(['TOO_LONG']);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(checkPasswordPolicy({ username: 'Clinician', password: 'my-CLINICIAN-pass-99' })).toEqual([
      'CONTAINS_USERNAME',
    ]);
  });

  it('ignores usernames shorter than 3 characters', () => {
    expect(checkPasswordPolicy({ username: 'ab', password: 'lab coats and tabs' })).toEqual([]);
  });

  it('refuses common passwords case-insensitively', () => {
    expect(checkPasswordPolicy({ username: 'nurse', password: 'Password1234' })).toEqual(['TOO_COMMON']);
    expect(checkPasswordPolicy({ username: 'nurse', password: 'QWERTY123456' })).toEqual(['TOO_COMMON']);
  });

  it('embeds a few hundred common passwords, all lower case and of policy length', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(300);
    for (const p of COMMON_PASSWORDS) {
      expect(p).toBe(p.toLowerCase());
      expect(p.length).toBeGreaterThanOrEqual(12);
    }
  });

  it('refuses the current password as the new one, and reports every violation at once', () => {
    expect(
      checkPasswordPolicy({
        username: 'nurse',
        password: 'same old secret',
        currentPassword: 'same old secret',
      }),
    ).toEqual(['SAME_AS_CURRENT']);
    expect(checkPasswordPolicy({ username: 'nurse', password: 'nurse', currentPassword: 'nurse' })).toEqual([
      'TOO_SHORT',
      'CONTAINS_USERNAME',
      'SAME_AS_CURRENT',
    ]);
  });
});
