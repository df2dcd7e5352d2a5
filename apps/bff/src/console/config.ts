import { z } from 'zod';

const env = z.object({
  /** Shared by every replica; without it the store keeps one (store.ts). */
  CORRAL_CONSOLE_SECRET: z.string().min(16).optional(),
  /** Consoles one user may have open at once, per BFF process. */
  CORRAL_CONSOLE_MAX_PER_USER: z.coerce.number().int().min(1).default(4),
});

export type ConsoleConfig = z.infer<typeof env>;

export function consoleConfig(source: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Bad configuration: ${problems}`);
  }
  return parsed.data;
}
