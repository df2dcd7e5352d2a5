import { describe, expect, it } from 'vitest';
import { loadIdentityConfig } from './config.js';

describe('identity configuration', () => {
  it('has the documented defaults', () => {
    expect(loadIdentityConfig({})).toEqual({
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      maxFailures: 5,
      lockMs: 15 * 60_000,
      ratePerMinute: 30,
      adminPassword: undefined,
      trustProxy: undefined,
    });
  });

  it('reads the environment, trust proxy as Express takes it', () => {
    const c = loadIdentityConfig({
      CORRAL_SESSION_IDLE_MINUTES: '5',
      CORRAL_SESSION_MAX_HOURS: '2',
      CORRAL_LOGIN_MAX_FAILURES: '3',
      CORRAL_LOGIN_LOCK_MINUTES: '1',
      CORRAL_LOGIN_RATE_PER_MINUTE: '7',
      CORRAL_ADMIN_PASSWORD: 'long-enough',
      CORRAL_TRUST_PROXY: '1',
    });
    expect(c).toMatchObject({
      sessionIdleMs: 300_000,
      sessionMaxMs: 7_200_000,
      maxFailures: 3,
      lockMs: 60_000,
      ratePerMinute: 7,
      adminPassword: 'long-enough',
      trustProxy: 1,
    });
    expect(loadIdentityConfig({ CORRAL_TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadIdentityConfig({ CORRAL_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it('refuses a bad value, naming it', () => {
    expect(() => loadIdentityConfig({ CORRAL_LOGIN_MAX_FAILURES: '0' })).toThrow(
      /CORRAL_LOGIN_MAX_FAILURES/,
    );
    expect(() => loadIdentityConfig({ CORRAL_ADMIN_PASSWORD: 'short' })).toThrow(
      /CORRAL_ADMIN_PASSWORD/,
    );
  });
});
