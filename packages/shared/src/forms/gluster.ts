// The Gluster volume forms' inputs (New Volume, Add/Remove/Replace Bricks, Set/Reset
// Option), shared by the dialogs and the BFF. Layout rules that need only the input
// (counts per type, replica sets on one server) run here too, with their issues on the
// field they concern (`bricks.2.hostId`); what needs the store (host status, bricks of
// other volumes) the engine checks with the same rules and messages.
import { z } from 'zod';
import { GLUSTER_TRANSPORTS, GLUSTER_VOLUME_TYPES } from '../domain/status.js';
import {
  brickCountIssues,
  duplicateBrickIssues,
  GLUSTER_LIMITS,
  normalizeBrickDirectory,
  virtStoreRefusal,
  type GlusterIssue,
} from '../rules/gluster.js';

const uuid = (message: string) => z.uuid({ message });

/** No control characters (line breaks, tabs, NUL, DEL). */
const ONE_LINE = /^\P{Cc}*$/u;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

/** gluster's own rule: letters, digits, '-' and '_'; not `all` (a CLI keyword). */
export const glusterVolumeName = z
  .string({ message: 'A volume needs a name.' })
  .trim()
  .min(1, 'A volume needs a name.')
  .max(GLUSTER_LIMITS.nameMax, `A volume name is at most ${GLUSTER_LIMITS.nameMax} characters.`)
  .regex(/^[A-Za-z0-9_-]+$/, "A volume name may contain only letters, digits, '-' and '_'.")
  .refine((n) => !n.startsWith('-'), "A volume name cannot start with '-'.")
  .refine((n) => n.toLowerCase() !== 'all', "'all' is a gluster keyword, not a volume name.");

/** A directory on the brick's host: absolute, plain, and not `/` itself. */
export const glusterBrickDirectory = z
  .string({ message: 'Enter the brick directory, such as /gluster_bricks/data/data.' })
  .trim()
  .min(1, 'Enter the brick directory, such as /gluster_bricks/data/data.')
  .max(
    GLUSTER_LIMITS.directoryMax,
    `A brick directory is at most ${GLUSTER_LIMITS.directoryMax} characters.`,
  )
  .regex(ONE_LINE, 'A brick directory cannot contain line breaks or control characters.')
  .regex(/^\//, 'A brick directory is an absolute path, such as /gluster_bricks/data/data.')
  .refine((d) => !/\s|:/.test(d), 'A brick directory cannot contain spaces or colons.')
  .refine((d) => !DOT_SEGMENT.test(d), "A brick directory cannot contain '.' or '..' segments.")
  .refine((d) => normalizeBrickDirectory(d) !== '/', 'A brick cannot be the root directory.')
  .transform(normalizeBrickDirectory);

export const glusterBrickInput = z.object({
  hostId: uuid('Choose the host of the brick.'),
  directory: glusterBrickDirectory,
});
export type GlusterBrickInput = z.input<typeof glusterBrickInput>;

const bricks = z
  .array(glusterBrickInput)
  .min(1, 'A volume needs at least one brick.')
  .max(GLUSTER_LIMITS.bricksMax, `A volume has at most ${GLUSTER_LIMITS.bricksMax} bricks.`);

const whole = (what: string, min: number, max: number) =>
  z
    .number({ message: `The ${what} is a number.` })
    .int(`The ${what} is a whole number.`)
    .min(min, `The ${what} is at least ${min}.`)
    .max(max, `The ${what} is at most ${max}.`);

export const glusterReplicaCount = whole('replica count', 1, GLUSTER_LIMITS.replicaMax);

/** Issues (dotted fields) as zod issues on the same paths. */
function addIssues(ctx: z.RefinementCtx, issues: readonly GlusterIssue[]): void {
  for (const i of issues) {
    const path = i.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    ctx.addIssue({ code: 'custom', path, message: i.message });
  }
}

/**
 * New Volume. Counts that do not apply to the type are ignored (the dialog may keep
 * them while the user switches types). `optimizeForVirt` applies the virt option group
 * and the qemu owner after creating (replicated types only, as gluster); `start` starts
 * the volume last. Bricks of one set on one server are not judged here: the message
 * names the host, so the engine (and the dialog) check that with host names.
 */
export const glusterVolumeCreateInput = z
  .object({
    clusterId: uuid('Choose a cluster.'),
    name: glusterVolumeName,
    type: z.enum(GLUSTER_VOLUME_TYPES, { message: 'Choose a volume type.' }),
    replicaCount: glusterReplicaCount.nullish(),
    /** 1: every third brick of a replica-3 set is an arbiter (metadata only). */
    arbiterCount: whole('arbiter count', 0, 1).nullish(),
    disperseCount: whole('disperse count', 1, GLUSTER_LIMITS.disperseMax).nullish(),
    redundancyCount: whole('redundancy count', 0, GLUSTER_LIMITS.disperseMax).nullish(),
    transport: z.enum(GLUSTER_TRANSPORTS, { message: 'The transport is TCP.' }).default('TCP'),
    bricks,
    /** Accept what gluster warns about: bricks of a set on one server, bricks on the root filesystem. */
    force: z.boolean().default(false),
    optimizeForVirt: z.boolean().default(false),
    start: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    addIssues(ctx, brickCountIssues(v));
    const virt = v.optimizeForVirt ? virtStoreRefusal(v) : undefined;
    if (virt) addIssues(ctx, [{ field: 'optimizeForVirt', message: virt }]);
  });
export type GlusterVolumeCreateInput = z.input<typeof glusterVolumeCreateInput>;
export type GlusterVolumeCreate = z.output<typeof glusterVolumeCreateInput>;

export const glusterVolumeIdInput = z.object({ id: uuid('Choose a volume.') });

export const glusterVolumeIdsInput = z.object({
  ids: z
    .array(uuid('A volume id is a UUID.'))
    .min(1, 'Choose at least one volume.')
    .max(100, 'At most 100 volumes at a time.'),
});

export const glusterClusterInput = z.object({ clusterId: uuid('Choose a cluster.') });

/** `performance.read-ahead`, `storage.owner-uid`: sections and names, dot-separated. */
export const glusterOptionKey = z
  .string({ message: 'Enter an option name, such as performance.read-ahead.' })
  .trim()
  .min(1, 'Enter an option name, such as performance.read-ahead.')
  .max(256, 'An option name is at most 256 characters.')
  .regex(
    /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/i,
    'An option name looks like performance.read-ahead.',
  );

export const glusterOptionSetInput = z.object({
  id: uuid('Choose a volume.'),
  key: glusterOptionKey,
  value: z
    .string({ message: 'Enter a value.' })
    .trim()
    .min(1, 'Enter a value.')
    .max(4096, 'A value is at most 4,096 characters.')
    .regex(ONE_LINE, 'A value is one line, without control characters.'),
});
export type GlusterOptionSetInput = z.input<typeof glusterOptionSetInput>;

/** Reset one option to its default, or every option when `key` is absent. */
export const glusterOptionResetInput = z.object({
  id: uuid('Choose a volume.'),
  key: glusterOptionKey.nullish(),
});
export type GlusterOptionResetInput = z.input<typeof glusterOptionResetInput>;

/**
 * Add Bricks: whole sets (a multiple of the replica or disperse count), or with
 * `replicaCount` one above the volume's, one brick per replica set.
 */
export const glusterBricksAddInput = z
  .object({
    id: uuid('Choose a volume.'),
    bricks,
    replicaCount: glusterReplicaCount.nullish(),
    force: z.boolean().default(false),
  })
  .superRefine((v, ctx) => addIssues(ctx, duplicateBrickIssues(v.bricks)));
export type GlusterBricksAddInput = z.input<typeof glusterBricksAddInput>;

/**
 * Remove Bricks: whole sets, their data migrated to the other bricks first
 * (`migrateData`, the default; the volume must be Up) or dropped; or with
 * `replicaCount` one below the volume's, one brick of every replica set.
 */
export const glusterBricksRemoveInput = z.object({
  id: uuid('Choose a volume.'),
  brickIds: z
    .array(uuid('A brick id is a UUID.'))
    .min(1, 'Choose at least one brick.')
    .max(GLUSTER_LIMITS.bricksMax, `A volume has at most ${GLUSTER_LIMITS.bricksMax} bricks.`),
  replicaCount: glusterReplicaCount.nullish(),
  migrateData: z.boolean().default(true),
});
export type GlusterBricksRemoveInput = z.input<typeof glusterBricksRemoveInput>;

/** Replace Brick: the new brick takes the old one's place (gluster heals it from the set). */
export const glusterBrickReplaceInput = z.object({
  id: uuid('Choose a volume.'),
  brickId: uuid('Choose the brick to replace.'),
  brick: glusterBrickInput,
  force: z.boolean().default(false),
});
export type GlusterBrickReplaceInput = z.input<typeof glusterBrickReplaceInput>;
