import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const here = path.dirname(fileURLToPath(import.meta.url));
/** apps/bff/{src,dist} → repository root. */
const repoRoot = path.resolve(here, '../../..');

const env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  CORRAL_DATA_DIR: z.string().default(path.join(repoRoot, '.corral-data')),
  DATABASE_URL: z.string().url().optional(),
  CORRAL_DEMO: z.enum(['on', 'off']).default('on'),
  CORRAL_DEMO_SEED: z.coerce.number().int().default(2013),
  CORRAL_DEMO_SIZE: z.enum(['small', 'demo', 'large']).default('demo'),
  /** Monitoring cycle per host (oVirt: 15 s). */
  CORRAL_MONITOR_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * Disk images of VMs on libvirt hosts. QEMU runs as its own user and must reach them,
   * so as root the default is outside the (possibly private) checkout.
   */
  CORRAL_IMAGES_DIR: z.string().optional(),
  /** `tcg`: run libvirt domains under software emulation even where KVM starts. */
  CORRAL_LIBVIRT_ACCEL: z.enum(['auto', 'tcg']).default('auto'),
  /** Add this machine's libvirtd as a host when it answers. */
  CORRAL_LOCAL_HOST: z.enum(['on', 'off']).default('on'),
  CORRAL_WEB_DIR: z.string().default(path.join(repoRoot, 'apps/web/dist')),
});

export type Config = z.infer<typeof env> & { imagesDir: string };

/** Reads the environment once; a bad value stops the start with a message naming it. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Bad configuration: ${problems}`);
  }
  const imagesDir =
    parsed.data.CORRAL_IMAGES_DIR ??
    (process.getuid?.() === 0
      ? '/var/lib/corral/images'
      : path.join(parsed.data.CORRAL_DATA_DIR, 'images'));
  return { ...parsed.data, imagesDir };
}
