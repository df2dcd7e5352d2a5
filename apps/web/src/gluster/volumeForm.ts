// The Gluster dialogs' state and how it becomes the commands' input: New Volume, Add
// Bricks, Remove Bricks, Replace Brick. The shared schemas and rules judge it with the
// messages the BFF would answer with; host names replace host ids in them, and what the
// brick candidates know (hosts Up, directories already bricks) is checked here too, so
// mistakes are explained before anything is sent. Free of React: tested on its own.
import {
  GLUSTER_VOLUME_STATUSES,
  GLUSTER_VOLUME_TYPES,
  addBricksPlan,
  brickLayoutIssues,
  brickPlacementIssues,
  glusterBrickReplaceInput,
  glusterBricksAddInput,
  glusterBricksRemoveInput,
  glusterVolumeCreateInput,
  removeBricksPlan,
  sameServerIssues,
  setSize,
  virtStoreWarning,
  type GlusterBrickReplaceInput,
  type GlusterBricksAddInput,
  type GlusterBricksRemoveInput,
  type GlusterIssue,
  type GlusterLayout,
  type GlusterVolumeCreateInput,
  type GlusterVolumeStatus,
  type GlusterVolumeType,
} from '@corral/shared';
import type { FormErrors } from '../api/errors.js';
import { numberInput } from '../vms/vmForm.js';
import {
  brickPlaces,
  hostNamer,
  placementContext,
  raisedReplicaPlaces,
  type BrickCandidates,
  type BrickPlaceView,
  type BrickRow,
  type LayoutCounts,
} from './brickModel.js';

// ---------------------------------------------------------------------------------
// Issues → the messages a dialog places

interface ZodLikeIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

type Parsed =
  | { readonly success: true }
  | { readonly success: false; readonly error: { readonly issues: readonly ZodLikeIssue[] } };

const issueOf = (i: ZodLikeIssue): GlusterIssue => ({
  field: i.path.map(String).join('.'),
  message: i.message,
});

const schemaIssues = (parsed: Parsed): GlusterIssue[] =>
  parsed.success ? [] : parsed.error.issues.map(issueOf);

/** A shared schema's verdict on an input as the dialog's messages. */
export function schemaErrors(parsed: Parsed): FormErrors {
  return errorsOf(schemaIssues(parsed));
}

/** Issues as the dialog's messages by field, each message once; no field: the form's. */
export function errorsOf(issues: readonly GlusterIssue[]): FormErrors {
  const form: string[] = [];
  const fields: Record<string, string[]> = {};
  for (const { field, message } of issues) {
    const list = field ? (fields[field] ??= []) : form;
    if (!list.includes(message)) list.push(message);
  }
  return { form, fields };
}

/**
 * The shared schemas run the layout rules without host names ("share a server
 * (<id>)"); those are swapped for the same rules run with names, which also run when
 * another field is still wrong (zod skips refinements then), so every mistake shows at once.
 */
function withNamedLayout(
  fromSchema: readonly GlusterIssue[],
  unnamed: readonly GlusterIssue[],
  named: readonly GlusterIssue[],
): GlusterIssue[] {
  const key = (i: GlusterIssue) => `${i.field}\u0000${i.message}`;
  const drop = new Set(unnamed.map(key));
  return [...fromSchema.filter((i) => !drop.has(key(i))), ...named];
}

const HOST_FIELD = /^bricks\.(\d+)\.hostId$/;

/** A row without a host yet says "choose a host", not "shares a server" with another empty one. */
function hostChosen(
  issues: readonly GlusterIssue[],
  bricks: readonly { hostId: string }[],
): GlusterIssue[] {
  return issues.filter((i) => {
    const m = HOST_FIELD.exec(i.field);
    return !m || bricks[Number(m[1])]?.hostId !== '';
  });
}

const COUNT_FIELDS = ['replicaCount', 'arbiterCount', 'disperseCount', 'redundancyCount'];

// ---------------------------------------------------------------------------------
// New Volume

export interface VolumeFormState {
  readonly clusterId: string;
  readonly name: string;
  readonly type: GlusterVolumeType;
  /** Counts as typed: a half-typed value is never lost. */
  readonly replicaCount: string;
  readonly arbiter: boolean;
  readonly disperseCount: string;
  readonly redundancyCount: string;
  readonly optimizeForVirt: boolean;
  /** gluster's `force`: bricks of a set on one server, bricks on the root partition. */
  readonly force: boolean;
  readonly start: boolean;
  readonly bricks: readonly BrickRow[];
}

/** oVirt's recommended virt store: Replicate, replica 3. */
export function newVolumeForm(clusterId: string): VolumeFormState {
  return {
    clusterId,
    name: '',
    type: 'Replicate',
    replicaCount: '3',
    arbiter: false,
    disperseCount: '3',
    redundancyCount: '1',
    optimizeForVirt: false,
    force: false,
    start: false,
    bricks: [],
  };
}

export const isReplicated = (t: GlusterVolumeType) =>
  t === 'Replicate' || t === 'Distributed-Replicate';
export const isDispersed = (t: GlusterVolumeType) =>
  t === 'Disperse' || t === 'Distributed-Disperse';

export function toCreateInput(s: VolumeFormState): GlusterVolumeCreateInput {
  const replicated = isReplicated(s.type);
  const dispersed = isDispersed(s.type);
  return {
    clusterId: s.clusterId,
    name: s.name,
    type: s.type,
    replicaCount: replicated ? numberInput(s.replicaCount) : null,
    arbiterCount: replicated ? (s.arbiter ? 1 : 0) : null,
    disperseCount: dispersed ? numberInput(s.disperseCount) : null,
    redundancyCount: dispersed ? numberInput(s.redundancyCount) : null,
    transport: 'TCP',
    bricks: s.bricks.map((b) => ({ hostId: b.hostId, directory: b.directory })),
    force: s.force,
    optimizeForVirt: s.optimizeForVirt,
    start: s.start,
  };
}

/** The counts as the rules read them; a count not yet a whole number is left out. */
export function layoutOf(s: VolumeFormState): LayoutCounts {
  const input = toCreateInput(s);
  const whole = (n: number | null | undefined) => (Number.isInteger(n) ? n : undefined);
  return {
    type: s.type,
    replicaCount: whole(input.replicaCount),
    arbiterCount: whole(input.arbiterCount),
    disperseCount: whole(input.disperseCount),
    redundancyCount: whole(input.redundancyCount),
  };
}

/** Each brick row's set and arbiter mark, as the form stands. */
export function volumePlaces(s: VolumeFormState): BrickPlaceView[] {
  return brickPlaces(layoutOf(s), s.bricks.length);
}

/** The warning "Optimize for Virt Store" carries for this layout, when ticked. */
export function volumeVirtWarning(s: VolumeFormState): string | undefined {
  return s.optimizeForVirt ? virtStoreWarning(layoutOf(s)) : undefined;
}

/**
 * Everything wrong with the form: the shared schema (names, counts, bricks per type,
 * replica sets on one server), and with the candidates known, each brick's host (Up,
 * in the cluster) and directory (no other volume's brick, nor inside or above one).
 */
export function validateVolumeForm(
  s: VolumeFormState,
  candidates: BrickCandidates | undefined,
): FormErrors {
  const input = toCreateInput(s);
  const fromSchema = schemaIssues(glusterVolumeCreateInput.safeParse(input));
  // Half-typed counts: the schema's message on the count says it; the layout waits.
  const countsBad = fromSchema.some((i) => COUNT_FIELDS.includes(i.field));
  const layout: GlusterLayout & { force: boolean } = {
    ...layoutOf(s),
    bricks: input.bricks,
    force: s.force,
  };
  const named = candidates ? hostNamer(candidates.hosts) : undefined;
  const issues = countsBad
    ? [...fromSchema]
    : withNamedLayout(
        fromSchema,
        brickLayoutIssues(layout),
        hostChosen(brickLayoutIssues(layout, named), input.bricks),
      );
  if (candidates && candidates.clusterId === s.clusterId) {
    issues.push(...placement(input.bricks, candidates));
  }
  return errorsOf(issues);
}

/** Rows with a host and a directory, checked against what the candidates know. */
function placement(
  bricks: readonly { hostId: string; directory: string }[],
  candidates: BrickCandidates,
  field = 'bricks',
): GlusterIssue[] {
  const ctx = placementContext(candidates);
  return bricks.flatMap((b, i) =>
    b.hostId && b.directory.trim().startsWith('/') ? brickPlacementIssues([b], ctx, field, i) : [],
  );
}

/** The inputs New Volume shows; a message about any other goes to the form's list. */
export function volumeFields(s: VolumeFormState): string[] {
  return [
    'clusterId',
    'name',
    'type',
    'transport',
    'force',
    'optimizeForVirt',
    'start',
    'bricks',
    ...COUNT_FIELDS,
    ...s.bricks.flatMap((_, i) => [`bricks.${i}.hostId`, `bricks.${i}.directory`]),
  ];
}

// ---------------------------------------------------------------------------------
// The volume as the brick dialogs see it (`gluster.volume`)

export interface VolumeBrick {
  readonly id: string;
  readonly position: number;
  readonly hostId: string;
  readonly hostName: string;
  readonly name: string;
  readonly directory: string;
  readonly status: string;
  readonly isArbiter: boolean;
  readonly totalGb: number;
  readonly freeGb: number;
}

export interface VolumeShape {
  readonly id: string;
  readonly name: string;
  readonly clusterId: string;
  readonly type: GlusterVolumeType;
  readonly status: GlusterVolumeStatus;
  readonly replicaCount: number;
  readonly arbiterCount: number;
  readonly disperseCount: number;
  readonly redundancyCount: number;
  readonly bricks: readonly VolumeBrick[];
}

/**
 * `gluster.volume`'s answer as the dialogs' shape. Its type and status come over the
 * wire as strings: checked, not trusted (an unknown status reads as Unknown, which the
 * rules refuse most things for).
 */
export function volumeShapeOf(
  d: Omit<VolumeShape, 'type' | 'status'> & { readonly type: string; readonly status: string },
): VolumeShape {
  return {
    ...d,
    type: GLUSTER_VOLUME_TYPES.find((t) => t === d.type) ?? 'Distribute',
    status: GLUSTER_VOLUME_STATUSES.find((t) => t === d.status) ?? 'Unknown',
  };
}

export function volumeLayout(v: VolumeShape): GlusterLayout {
  return {
    type: v.type,
    replicaCount: v.replicaCount,
    arbiterCount: v.arbiterCount,
    disperseCount: v.disperseCount,
    redundancyCount: v.redundancyCount,
    bricks: v.bricks.map((b) => ({ hostId: b.hostId, directory: b.directory })),
  };
}

/** Each brick of the volume with its set and arbiter mark. */
export function volumeBrickPlaces(v: VolumeShape): BrickPlaceView[] {
  return brickPlaces(volumeLayout(v), v.bricks.length);
}

const namesOf = (v: VolumeShape, candidates: BrickCandidates | undefined) =>
  hostNamer([
    ...v.bricks.map((b) => ({ id: b.hostId, name: b.hostName })),
    ...(candidates?.hosts ?? []),
  ]);

// ---------------------------------------------------------------------------------
// Add Bricks

export interface AddBricksState {
  readonly rows: readonly BrickRow[];
  /** Raise the replica count by one: one new brick per replica set. */
  readonly raiseReplica: boolean;
  readonly force: boolean;
}

export function toAddBricksInput(v: VolumeShape, s: AddBricksState): GlusterBricksAddInput {
  return {
    id: v.id,
    bricks: s.rows.map((r) => ({ hostId: r.hostId, directory: r.directory })),
    replicaCount: s.raiseReplica ? currentReplica(v) + 1 : null,
    force: s.force,
  };
}

/** A Distribute volume is replica 1: raising it makes it replicated. */
const currentReplica = (v: VolumeShape) => (isReplicated(v.type) ? v.replicaCount : 1);

/** Whether the volume can raise its replica count here (the option is offered). */
export function canRaiseReplica(v: VolumeShape): boolean {
  return (v.type === 'Distribute' || isReplicated(v.type)) && v.arbiterCount === 0;
}

/** Where each new brick lands: new sets after the volume's, or one per set when raising. */
export function addedPlaces(v: VolumeShape, s: AddBricksState): BrickPlaceView[] {
  if (s.raiseReplica) return raisedReplicaPlaces(s.rows.length);
  return brickPlaces(volumeLayout(v), s.rows.length, v.bricks.length);
}

export function validateAddBricks(
  v: VolumeShape,
  s: AddBricksState,
  candidates: BrickCandidates | undefined,
): FormErrors {
  const input = toAddBricksInput(v, s);
  const fromSchema = schemaIssues(glusterBricksAddInput.safeParse(input));
  const named = namesOf(v, candidates);
  const plan = addBricksPlan(volumeLayout(v), input.bricks, {
    replicaCount: input.replicaCount,
    force: s.force,
    hostName: named,
  });
  // The plan's duplicates repeat the schema's; errorsOf keeps each message once.
  const issues = [...fromSchema, ...hostChosen(plan.issues, input.bricks)];
  if (candidates) issues.push(...placement(input.bricks, candidates));
  return errorsOf(issues);
}

export function addBricksFields(s: AddBricksState): string[] {
  return [
    'bricks',
    'replicaCount',
    'force',
    ...s.rows.flatMap((_, i) => [`bricks.${i}.hostId`, `bricks.${i}.directory`]),
  ];
}

// ---------------------------------------------------------------------------------
// Remove Bricks

export interface RemoveBricksState {
  readonly brickIds: ReadonlySet<string>;
  /** Lower the replica count by one: one brick of every replica set. */
  readonly reduceReplica: boolean;
  /** Move the bricks' data to the others first (start → migrate → commit). */
  readonly migrateData: boolean;
}

export function toRemoveBricksInput(
  v: VolumeShape,
  s: RemoveBricksState,
): GlusterBricksRemoveInput {
  return {
    id: v.id,
    // In the volume's order, whatever order they were ticked in.
    brickIds: v.bricks.filter((b) => s.brickIds.has(b.id)).map((b) => b.id),
    replicaCount: s.reduceReplica ? v.replicaCount - 1 : null,
    migrateData: s.reduceReplica ? false : s.migrateData,
  };
}

export function canReduceReplica(v: VolumeShape): boolean {
  return isReplicated(v.type) && v.arbiterCount === 0;
}

/** What removing the ticked bricks does (migrate first, drop, lower the replica), or why not. */
export function removeBricksCheck(
  v: VolumeShape,
  s: RemoveBricksState,
): { mode: 'migrate' | 'force' | 'reduce-replica'; errors: FormErrors; left: number } {
  const input = toRemoveBricksInput(v, s);
  const indexes = v.bricks.flatMap((b, i) => (s.brickIds.has(b.id) ? [i] : []));
  const plan = removeBricksPlan({ ...volumeLayout(v), status: v.status }, indexes, {
    replicaCount: input.replicaCount,
    migrate: input.migrateData ?? true,
  });
  const issues = [...schemaIssues(glusterBricksRemoveInput.safeParse(input)), ...plan.issues];
  return { mode: plan.mode, errors: errorsOf(issues), left: plan.layout.bricks.length };
}

export const REMOVE_BRICKS_FIELDS = ['brickIds', 'replicaCount', 'migrateData'];

// ---------------------------------------------------------------------------------
// Replace Brick

export interface ReplaceBrickState {
  readonly brickId: string;
  readonly hostId: string;
  readonly directory: string;
  readonly force: boolean;
}

export function toReplaceBrickInput(
  v: VolumeShape,
  s: ReplaceBrickState,
): GlusterBrickReplaceInput {
  return {
    id: v.id,
    brickId: s.brickId,
    brick: { hostId: s.hostId, directory: s.directory },
    force: s.force,
  };
}

/**
 * The new brick: a valid place (schema), on a host Up in the cluster, in a directory
 * no volume uses, and — unless forced — on a server the rest of its set is not on.
 */
export function validateReplaceBrick(
  v: VolumeShape,
  s: ReplaceBrickState,
  candidates: BrickCandidates | undefined,
): FormErrors {
  const input = toReplaceBrickInput(v, s);
  const issues = schemaIssues(glusterBrickReplaceInput.safeParse(input));
  const index = v.bricks.findIndex((b) => b.id === s.brickId);
  const size = setSize(volumeLayout(v));
  if (index >= 0 && s.hostId && !s.force && size > 1) {
    // The set as it would be: the old brick's place taken by the new one.
    const start = index - (index % size);
    const set = v.bricks
      .slice(start, start + size)
      .map((b, j) => (start + j === index ? { hostId: s.hostId, directory: s.directory } : b));
    const what = isReplicated(v.type) ? 'replica' : 'disperse';
    // Marks fall on whichever of two same-host bricks comes later; only the new one can be changed.
    const clash = sameServerIssues(
      [...set.filter((_, j) => start + j !== index), set[index - start]!],
      size,
      what,
      namesOf(v, candidates),
    );
    issues.push(...clash.map((i) => ({ field: 'brick.hostId', message: i.message })));
  }
  if (candidates && s.hostId && s.directory.trim().startsWith('/')) {
    issues.push(
      ...brickPlacementIssues([input.brick], placementContext(candidates), 'brick').map((i) => ({
        ...i,
        field: i.field.replace(/^brick\.0\./, 'brick.'),
      })),
    );
  }
  return errorsOf(issues);
}

export const REPLACE_BRICK_FIELDS = ['brickId', 'brick.hostId', 'brick.directory', 'force'];

// ---------------------------------------------------------------------------------
// What an edit touched: the BFF's message on a field goes once the user changes it

/** Fields of the brick rows that differ between two lists (matched by key), at their new places. */
export function editedRowFields(
  prev: readonly BrickRow[],
  next: readonly BrickRow[],
  prefix = 'bricks',
): string[] {
  const before = new Map(prev.map((r) => [r.key, r]));
  const fields = next.flatMap((r, i) => {
    const was = before.get(r.key);
    return [
      ...(!was || was.hostId !== r.hostId ? [`${prefix}.${i}.hostId`] : []),
      ...(!was || was.directory !== r.directory ? [`${prefix}.${i}.directory`] : []),
    ];
  });
  // Rows added, removed or moved: the list's own message (counts, sets) may no longer hold.
  const sameList = prev.length === next.length && prev.every((r, i) => r.key === next[i]!.key);
  return sameList ? fields : [...fields, prefix];
}

const SCALAR_FIELDS: Readonly<Record<string, string>> = {
  clusterId: 'clusterId',
  name: 'name',
  type: 'type',
  replicaCount: 'replicaCount',
  arbiter: 'arbiterCount',
  disperseCount: 'disperseCount',
  redundancyCount: 'redundancyCount',
  optimizeForVirt: 'optimizeForVirt',
  force: 'force',
  start: 'start',
};

/** The New Volume fields an edit changed (input names, as messages are placed). */
export function editedVolumeFields(prev: VolumeFormState, next: VolumeFormState): string[] {
  const scalars = Object.entries(SCALAR_FIELDS).flatMap(([key, field]) =>
    prev[key as keyof VolumeFormState] !== next[key as keyof VolumeFormState] ? [field] : [],
  );
  // Counts and force decide the layout: the list's message may change with them.
  const layoutMoved = scalars.some((f) => f !== 'name' && f !== 'optimizeForVirt' && f !== 'start');
  return [
    ...scalars,
    ...editedRowFields(prev.bricks, next.bricks),
    ...(layoutMoved ? ['bricks'] : []),
  ];
}
