// The New / Edit Cluster dialog's inputs, shared by the dialog and the BFF.
import { z } from 'zod';
import { compatibilityVersion, DEFAULT_COMPATIBILITY_VERSION } from './dataCenter.js';

/** oVirt's cluster CPU types: every host of the cluster must offer at least this CPU. */
export const CLUSTER_CPU_TYPES = [
  'Intel Nehalem Family',
  'Intel Westmere Family',
  'Intel SandyBridge Family',
  'Intel IvyBridge Family',
  'Intel Haswell Family',
  'Intel Broadwell Family',
  'Intel Skylake Client Family',
  'Intel Skylake Server Family',
  'Intel Cascadelake Server Family',
  'Intel Icelake Server Family',
  'AMD Opteron G4',
  'AMD Opteron G5',
  'AMD EPYC',
  'Secure AMD EPYC',
] as const;
export type ClusterCpuType = (typeof CLUSTER_CPU_TYPES)[number];

/** oVirt's memory optimisation: None (100 %), for server load (150 %), for desktop load (200 %). */
export const MEMORY_OVERCOMMIT_PERCENTS = [100, 150, 200] as const;
export type MemoryOvercommit = (typeof MEMORY_OVERCOMMIT_PERCENTS)[number];

export const MIGRATION_POLICIES = [
  'Minimal downtime',
  'Post-copy migration',
  'Suspend workload if needed',
  'Legacy',
] as const;
export type MigrationPolicy = (typeof MIGRATION_POLICIES)[number];

export const CLUSTER_LIMITS = { nameMax: 40, descriptionMax: 4000 } as const;

export const CLUSTER_SERVICES_MESSAGE =
  'A cluster needs the virt service, the Gluster service or both.';

export const clusterName = z
  .string()
  .trim()
  .min(1, 'A cluster needs a name.')
  .max(CLUSTER_LIMITS.nameMax, `A cluster name is at most ${CLUSTER_LIMITS.nameMax} characters.`)
  .regex(/^[A-Za-z0-9_.-]+$/, "A cluster name may contain only letters, digits, '-', '_' and '.'.");

const description = z
  .string()
  .max(
    CLUSTER_LIMITS.descriptionMax,
    `A description is at most ${CLUSTER_LIMITS.descriptionMax} characters.`,
  );

export const clusterCpuType = z.enum(CLUSTER_CPU_TYPES, { message: 'Choose a CPU type.' });

export const memoryOvercommit = z.literal(MEMORY_OVERCOMMIT_PERCENTS, {
  message: 'Memory overcommit is 100 %, 150 % or 200 %.',
});

export const migrationPolicy = z.enum(MIGRATION_POLICIES, {
  message: `Choose a migration policy (${MIGRATION_POLICIES.join(', ')}).`,
});

export const clusterCreateInput = z
  .object({
    dataCenterId: z.uuid({ message: 'Choose a data center.' }),
    name: clusterName,
    description: description.default(''),
    /** Runs VMs. */
    virtService: z.boolean().default(true),
    /** Its hosts hold Gluster bricks. */
    glusterService: z.boolean().default(false),
    cpuType: clusterCpuType.default('Intel Skylake Server Family'),
    /** At most the data center's. */
    compatVersion: compatibilityVersion.default(DEFAULT_COMPATIBILITY_VERSION),
    memOvercommit: memoryOvercommit.default(100),
    migrationPolicy: migrationPolicy.default('Minimal downtime'),
    /** Fence a NonResponsive host and restart its highly available VMs elsewhere. */
    fencingEnabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (!v.virtService && !v.glusterService)
      ctx.addIssue({ code: 'custom', path: ['services'], message: CLUSTER_SERVICES_MESSAGE });
  });
export type ClusterCreateInput = z.input<typeof clusterCreateInput>;
export type ClusterCreate = z.output<typeof clusterCreateInput>;

/** Edit Cluster: the fields given change, the others stay (a cluster keeps its data center). */
export const clusterUpdateInput = z
  .object({
    id: z.uuid({ message: 'Choose a cluster.' }),
    name: clusterName.optional(),
    description: description.optional(),
    virtService: z.boolean().optional(),
    glusterService: z.boolean().optional(),
    cpuType: clusterCpuType.optional(),
    compatVersion: compatibilityVersion.optional(),
    memOvercommit: memoryOvercommit.optional(),
    migrationPolicy: migrationPolicy.optional(),
    fencingEnabled: z.boolean().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.virtService === false && v.glusterService === false)
      ctx.addIssue({ code: 'custom', path: ['services'], message: CLUSTER_SERVICES_MESSAGE });
  });
export type ClusterUpdateInput = z.input<typeof clusterUpdateInput>;

export const clusterIdInput = z.object({ id: z.uuid({ message: 'Choose a cluster.' }) });

export const clusterIdsInput = z.object({
  ids: z
    .array(z.uuid({ message: 'A cluster id is a UUID.' }))
    .min(1, 'Choose at least one cluster.')
    .max(500, 'At most 500 clusters at a time.'),
});

export const clusterFormOptionsInput = z
  .object({ dataCenterId: z.uuid({ message: 'Choose a data center.' }).optional() })
  .default({});
