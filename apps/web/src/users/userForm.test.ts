import { describe, expect, it } from 'vitest';
import { ACTION_SPECS } from '../actions/actionModel.js';
import {
  NEW_USER,
  PASSWORDS_DIFFER,
  userCreateOf,
  validateNewUser,
  validateSetPassword,
} from './userForm.js';

const USER = '44444444-4444-4444-8444-444444444444';

describe('New User', () => {
  const ok = {
    ...NEW_USER,
    username: 'jdoe',
    email: ' jdoe@example.com ',
    password: 'long enough',
    passwordAgain: 'long enough',
    vmQuota: '3',
  };

  it('a complete form passes the shared schema and is sent without the second password', () => {
    expect(validateNewUser(ok)).toEqual({ form: [], fields: {} });
    const input = userCreateOf(ok);
    expect(input).toEqual({
      username: 'jdoe',
      firstName: '',
      lastName: '',
      email: 'jdoe@example.com',
      password: 'long enough',
      vmQuota: 3,
    });
    expect(input).not.toHaveProperty('passwordAgain');
  });

  it('puts each problem under its field, a mistyped second password included', () => {
    const e = validateNewUser({
      ...ok,
      username: 'J Doe',
      email: 'nope',
      password: 'short',
      passwordAgain: 'shorts',
      vmQuota: '',
    });
    expect(Object.keys(e.fields).sort()).toEqual([
      'email',
      'password',
      'passwordAgain',
      'username',
      'vmQuota',
    ]);
    expect(e.fields.passwordAgain).toEqual([PASSWORDS_DIFFER]);
  });
});

describe('Set Password', () => {
  it('asks for the schema’s length and the same password twice', () => {
    expect(validateSetPassword(USER, 'long enough', 'long enough')).toEqual({
      form: [],
      fields: {},
    });
    expect(validateSetPassword(USER, 'short', 'short').fields.password?.[0]).toMatch(/at least 8/);
    expect(validateSetPassword(USER, 'long enough', 'long enougg').fields).toEqual({
      passwordAgain: [PASSWORDS_DIFFER],
    });
  });
});

describe('Users tab rows', () => {
  const verdicts = ACTION_SPECS.user.clientVerdicts;
  it('a local account may get a password and be unlocked', () => {
    const v = verdicts({ id: 'u', name: 'jdoe', domain: 'internal', group: false });
    expect(v.setPassword?.allowed).toBe(true);
    expect(v.unlock?.allowed).toBe(true);
  });

  it('a group or a directory account has no password here, and the row says why', () => {
    const g = verdicts({ id: 'g', name: 'devs', domain: 'corp.example.com', group: true });
    expect(g.setPassword).toEqual({ allowed: false, reason: 'A group has no password.' });
    const d = verdicts({ id: 'd', name: 'jsmith', domain: 'corp.example.com', group: false });
    expect(d.setPassword?.allowed).toBe(false);
    expect(d.setPassword?.reason).toMatch(/corp\.example\.com/);
    expect(d.remove?.allowed).toBe(true);
  });
});
