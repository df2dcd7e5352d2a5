// The New / Edit Data Center dialog's inputs, shared by the dialog and the BFF.
import { z } from 'zod';
import { DATA_CENTER_STORAGE_MODES, QUOTA_MODES } from '../domain/status.js';

/** oVirt's compatibility versions, oldest first; a cluster's may not exceed its data center's. */
export const COMPATIBILITY_VERSIONS = ['4.2', '4.3', '4.4', '4.5', '4.6', '4.7'] as const;
export type CompatibilityVersion = (typeof COMPATIBILITY_VERSIONS)[number];
export const DEFAULT_COMPATIBILITY_VERSION: CompatibilityVersion = '4.7';

/** Orders two compatibility versions (negative when `a` is older). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const DATA_CENTER_LIMITS = { nameMax: 40, descriptionMax: 4000 } as const;

export const dataCenterName = z
  .string()
  .trim()
  .min(1, 'A data center needs a name.')
  .max(
    DATA_CENTER_LIMITS.nameMax,
    `A data center name is at most ${DATA_CENTER_LIMITS.nameMax} characters.`,
  )
  .regex(/^[A-Za-z0-9_-]+$/, "A data center name may contain only letters, digits, '-' and '_'.");

const description = z
  .string()
  .max(
    DATA_CENTER_LIMITS.descriptionMax,
    `A description is at most ${DATA_CENTER_LIMITS.descriptionMax} characters.`,
  );

export const compatibilityVersion = z.enum(COMPATIBILITY_VERSIONS, {
  message: `Choose a compatibility version (${COMPATIBILITY_VERSIONS.join(', ')}).`,
});

const storageType = z.enum(DATA_CENTER_STORAGE_MODES, {
  message: 'A data center uses Shared or Local storage.',
});
const quotaMode = z.enum(QUOTA_MODES, { message: 'Quota mode is Disabled, Audit or Enforced.' });

export const dataCenterCreateInput = z.object({
  name: dataCenterName,
  description: description.default(''),
  /** Shared: NFS, POSIX, GlusterFS domains every host sees; Local: one host's own disks. */
  storageType: storageType.default('Shared'),
  compatVersion: compatibilityVersion.default(DEFAULT_COMPATIBILITY_VERSION),
  quotaMode: quotaMode.default('Disabled'),
});
export type DataCenterCreateInput = z.input<typeof dataCenterCreateInput>;
export type DataCenterCreate = z.output<typeof dataCenterCreateInput>;

/** Edit Data Center: the fields given change, the others stay. */
export const dataCenterUpdateInput = z.object({
  id: z.uuid({ message: 'Choose a data center.' }),
  name: dataCenterName.optional(),
  description: description.optional(),
  storageType: storageType.optional(),
  compatVersion: compatibilityVersion.optional(),
  quotaMode: quotaMode.optional(),
});
export type DataCenterUpdateInput = z.input<typeof dataCenterUpdateInput>;

export const dataCenterIdInput = z.object({ id: z.uuid({ message: 'Choose a data center.' }) });

export const dataCenterIdsInput = z.object({
  ids: z
    .array(z.uuid({ message: 'A data center id is a UUID.' }))
    .min(1, 'Choose at least one data center.')
    .max(500, 'At most 500 data centers at a time.'),
});
