// The New / Edit Pool dialogs' inputs (oVirt's VM pools): the BFF's pool procedures
// parse with these and the admin portal validates with the same schemas.
import { z } from 'zod';
import { POOL_TYPES } from '../domain/status.js';
import { VM_LIMITS } from './vm.js';
import { POOL_MESSAGES } from '../rules/pool.js';

export const POOL_LIMITS = {
  /** A pool's VMs are named `<pool>-<n>`, n up to sizeMax: the VM name must still fit. */
  nameMax: VM_LIMITS.nameMax - 5,
  sizeMin: 1,
  sizeMax: 1000,
  maxPerUserMax: 1000,
  descriptionMax: 4000,
} as const;

const uuid = (message: string) => z.uuid({ message });

export const poolName = z
  .string()
  .trim()
  .min(1, 'A pool needs a name.')
  .max(POOL_LIMITS.nameMax, `A pool name is at most ${POOL_LIMITS.nameMax} characters.`)
  .regex(/^[A-Za-z0-9_.-]+$/, "A pool name may contain only letters, digits, '-', '_' and '.'.");

const description = z
  .string()
  .max(
    POOL_LIMITS.descriptionMax,
    `A description is at most ${POOL_LIMITS.descriptionMax} characters.`,
  );

export const poolType = z.enum(POOL_TYPES, { message: 'A pool is Automatic or Manual.' });

export const poolSize = z
  .number({ message: 'The number of VMs is a number.' })
  .int('The number of VMs is a whole number.')
  .min(POOL_LIMITS.sizeMin, `A pool has at least ${POOL_LIMITS.sizeMin} VM.`)
  .max(POOL_LIMITS.sizeMax, `A pool has at most ${POOL_LIMITS.sizeMax} VMs.`);

export const poolPrestarted = z
  .number({ message: 'Prestarted VMs is a number.' })
  .int('Prestarted VMs is a whole number.')
  .min(0, 'Prestarted VMs cannot be negative.')
  .max(POOL_LIMITS.sizeMax, `A pool has at most ${POOL_LIMITS.sizeMax} VMs.`);

export const poolMaxPerUser = z
  .number({ message: 'VMs per user is a number.' })
  .int('VMs per user is a whole number.')
  .min(1, 'A user may take at least 1 VM.')
  .max(POOL_LIMITS.maxPerUserMax, `A user may take at most ${POOL_LIMITS.maxPerUserMax} VMs.`);

function prestartedWithinSize(
  v: { size?: number | undefined; prestarted?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (v.size !== undefined && v.prestarted !== undefined && v.prestarted > v.size) {
    ctx.addIssue({
      code: 'custom',
      path: ['prestarted'],
      message: POOL_MESSAGES.prestartedAboveSize,
    });
  }
}

export const poolCreateInput = z
  .object({
    name: poolName,
    description: description.default(''),
    clusterId: uuid('Choose a cluster.'),
    templateId: uuid('Choose a template.'),
    poolType: poolType.default('Automatic'),
    /** Number of VMs, made from the template (Thin) as `<name>-1` … `<name>-<size>`. */
    size: poolSize,
    /** Unassigned VMs the engine keeps running, ready to be taken. */
    prestarted: poolPrestarted.default(0),
    /** VMs one user may hold from this pool at once. */
    maxPerUser: poolMaxPerUser.default(1),
    /** The VMs' disks return to the template's state when they go Down. */
    stateless: z.boolean().default(true),
  })
  .superRefine(prestartedWithinSize);
export type PoolCreateInput = z.infer<typeof poolCreateInput>;

/**
 * Edit Pool (as oVirt: name, template, type and stateless are fixed at creation): every
 * field optional; `size` may only grow (new VMs are added; the engine
 * refuses a smaller one on `size`), `prestarted` is checked against the new or current size.
 */
export const poolUpdateInput = z
  .object({
    id: uuid('Choose a pool.'),
    description: description.optional(),
    size: poolSize.optional(),
    prestarted: poolPrestarted.optional(),
    maxPerUser: poolMaxPerUser.optional(),
  })
  .superRefine(prestartedWithinSize);
export type PoolUpdateInput = z.infer<typeof poolUpdateInput>;

export const poolIdInput = z.object({ id: uuid('Choose a pool.') });
export type PoolIdInput = z.infer<typeof poolIdInput>;

/** Return a VM to its pool: the VM's id. */
export const poolReturnInput = z.object({ vmId: uuid('Choose a VM.') });
export type PoolReturnInput = z.infer<typeof poolReturnInput>;

/** Pools selected in the grid (the toolbar's verdicts). */
export const poolIdsInput = z.object({
  ids: z.array(uuid('Choose a pool.')).min(1, 'Choose a pool.').max(500),
});
export type PoolIdsInput = z.infer<typeof poolIdsInput>;
