// Accounts and sessions settings (docs/identity.md), read from the environment once.
import { z } from 'zod';

const env = z.object({
  /** A session nobody used for this long is over. */
  CORRAL_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /** A session is over this long after login, however busy. */
  CORRAL_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Consecutive wrong passwords that lock an account. */
  CORRAL_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  /** How long a locked account refuses every password, the right one included. */
  CORRAL_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Login attempts one client address may make per minute (kept in memory, per BFF). */
  CORRAL_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  /** The admin password set at first run, instead of a random one (not in demo mode). */
  CORRAL_ADMIN_PASSWORD: z.string().min(8).max(256).optional(),
  /**
   * Behind a reverse proxy: which proxies' X-Forwarded-For/-Proto/-Host to believe
   * (Express's `trust proxy`: `loopback`, a hop count, or addresses/subnets). Unset:
   * none, so the client address is the socket's and https means TLS to the BFF itself.
   */
  CORRAL_TRUST_PROXY: z.string().min(1).optional(),
});

export interface IdentityConfig {
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  readonly maxFailures: number;
  readonly lockMs: number;
  readonly ratePerMinute: number;
  readonly adminPassword: string | undefined;
  /** Express `trust proxy`; undefined trusts no proxy. */
  readonly trustProxy?: string | number | boolean | undefined;
}

export function loadIdentityConfig(source: NodeJS.ProcessEnv = process.env): IdentityConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Bad configuration: ${problems}`);
  }
  const c = parsed.data;
  return {
    sessionIdleMs: c.CORRAL_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: c.CORRAL_SESSION_MAX_HOURS * 3_600_000,
    maxFailures: c.CORRAL_LOGIN_MAX_FAILURES,
    lockMs: c.CORRAL_LOGIN_LOCK_MINUTES * 60_000,
    ratePerMinute: c.CORRAL_LOGIN_RATE_PER_MINUTE,
    adminPassword: c.CORRAL_ADMIN_PASSWORD,
    trustProxy: trustProxyValue(c.CORRAL_TRUST_PROXY),
  };
}

function trustProxyValue(v: string | undefined): string | number | boolean | undefined {
  if (v === undefined) return undefined;
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}
