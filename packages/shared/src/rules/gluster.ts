// Gluster volume rules (DOMAIN.md): what a user may do with a volume in its current state,
// and whether a brick layout is one gluster accepts and oVirt recommends. Pure: the UI
// enables buttons and marks fields with these, the engine refuses with the same words.
// A field is a dotted path into the form's input (`bricks.2.directory`, `replicaCount`).
import type {
  GlusterVolumeStatus,
  GlusterVolumeType,
  HostStatus,
  StorageDomainStatus,
} from '../domain/status.js';
import type { ActionRule } from './vm.js';

export const GLUSTER_VOLUME_ACTIONS = [
  'start',
  'stop',
  'delete',
  'optimize',
  'setOption',
  'resetOption',
  'addBricks',
  'removeBricks',
  'replaceBrick',
  'rebalance',
  'healInfo',
] as const;
export type GlusterVolumeAction = (typeof GLUSTER_VOLUME_ACTIONS)[number];

/** A brick as the rules see it: where it is, in the volume's order. */
export interface BrickPlace {
  readonly hostId: string;
  readonly directory: string;
}

/** The shape of a volume: its type, counts and bricks in order. */
export interface GlusterLayout {
  readonly type: GlusterVolumeType;
  readonly replicaCount?: number | null | undefined;
  readonly arbiterCount?: number | null | undefined;
  readonly disperseCount?: number | null | undefined;
  readonly redundancyCount?: number | null | undefined;
  readonly bricks: readonly BrickPlace[];
}

export interface GlusterVolumeState {
  readonly status: GlusterVolumeStatus;
  readonly type: GlusterVolumeType;
  readonly brickCount: number;
  /** The engine command working on the volume now (create, remove bricks, …), if any. */
  readonly operation?: string | null | undefined;
  /** A rebalance or brick removal gluster runs on the volume now. */
  readonly taskRunning?: boolean | undefined;
  /** Storage domains on the volume. */
  readonly storageDomains?: readonly { name: string; status: StorageDomainStatus }[] | undefined;
}

export interface GlusterIssue {
  /** Dotted path of the input field it belongs to (`bricks.2.hostId`, `replicaCount`). */
  readonly field: string;
  readonly message: string;
}

export const GLUSTER_LIMITS = {
  nameMax: 64,
  bricksMax: 512,
  replicaMax: 16,
  disperseMax: 64,
  directoryMax: 4096,
} as const;

export const GLUSTER_MESSAGES = {
  startUp: 'The volume is already Up.',
  start: 'A volume must be Down to be started.',
  stopDown: 'The volume is already Down.',
  stop: 'A volume must be Up to be stopped.',
  stopDomain: (domain: string) =>
    `Storage domain ${domain} is active on the volume; move it to Maintenance first.`,
  deleteUp: 'A volume must be stopped (Down) before it is deleted.',
  deleteDomain: (domain: string) =>
    `Storage domain ${domain} is on the volume; remove the storage domain first.`,
  busy: (operation: string) => `The volume is busy (${operation}); wait until it ends.`,
  taskRunning: 'A rebalance or brick removal is running on the volume; wait until it ends.',
  rebalanceDown: 'A volume must be Up to be rebalanced.',
  rebalanceNotDistributed: 'Only a distributed volume (more than one brick set) can be rebalanced.',
  healNotReplicated: 'Heal info is only for replicated and dispersed volumes.',
  healDown: 'A volume must be Up to show heal info.',
  replaceDistribute:
    'A brick of a Distribute volume cannot be replaced; add a new brick and remove the old one instead.',
  replaceDown: 'A volume must be Up to replace a brick.',
  removeOnlyBrick: 'The volume has only one brick; delete the volume instead.',
  removeAll: 'A volume keeps at least one brick set; delete the volume instead.',
  removeMigrateDown:
    'Data can be migrated off bricks only while the volume is Up; start it, or remove the bricks without migrating their data.',
  removeWholeSets: (size: number, what: string) =>
    `Bricks are removed a whole ${what} set at a time (${size} bricks each).`,
  removeOnePerSet: 'To lower the replica count, remove exactly one brick from every replica set.',
  removeReplicaStep: (current: number) =>
    `The replica count goes down one at a time: from ${current} to ${current - 1}.`,
  removeArbiter: 'An arbiter volume keeps replica 3; remove whole replica sets instead.',
  brickNotInVolume: 'The brick is not part of the volume.',
  noBricks: 'A volume needs at least one brick.',
  tooManyBricks: `A volume has at most ${GLUSTER_LIMITS.bricksMax} bricks.`,
  replicaCount: 'A replicated volume needs a replica count of 2 or more.',
  replicateBricks: (n: number) =>
    `A Replicate volume needs exactly ${n} bricks, one per replica (replica count ${n}).`,
  distReplicateBricks: (n: number) =>
    `A Distributed-Replicate volume needs a multiple of ${n} bricks (the replica count), at least ${2 * n}.`,
  arbiterCount: 'A volume has no arbiter or one arbiter per replica set.',
  arbiterReplica: 'An arbiter volume needs replica 3 (two data bricks and an arbiter).',
  arbiterType: 'Only replicated volumes have an arbiter.',
  disperseCount: 'A dispersed volume needs a disperse count of 3 or more.',
  redundancy: (disperse: number) =>
    `Redundancy must be at least 1 and less than half the disperse count ${disperse}` +
    (disperse >= 3 ? ` (1 to ${Math.ceil(disperse / 2) - 1}).` : '.'),
  disperseBricks: (n: number) =>
    `A Disperse volume needs exactly ${n} bricks (the disperse count).`,
  distDisperseBricks: (n: number) =>
    `A Distributed-Disperse volume needs a multiple of ${n} bricks (the disperse count), at least ${2 * n}.`,
  sameServer: (what: 'replica' | 'disperse', host: string) =>
    `Bricks of one ${what} set must not share a server (${host}); choose another host, or force.`,
  duplicateBrick: 'This brick is listed twice.',
  hostNotUp: (host: string) => `Host ${host} is not Up; only hosts that are Up can hold bricks.`,
  hostUnknown: 'Choose a host of the cluster.',
  hostOtherCluster: (host: string) => `Host ${host} is not in the volume's cluster.`,
  dirInUse: (dir: string, host: string, volume: string) =>
    `${host}:${dir} is already a brick of volume ${volume}; a brick directory can belong to one volume only.`,
  dirInsideBrick: (dir: string, host: string, brick: string, volume: string) =>
    `${host}:${dir} is inside ${brick}, a brick of volume ${volume}; a brick directory can belong to one volume only.`,
  dirContainsBrick: (dir: string, host: string, brick: string, volume: string) =>
    `${host}:${dir} contains ${brick}, a brick of volume ${volume}; a brick directory can belong to one volume only.`,
  addBricksSets: (size: number, what: string) =>
    `Bricks are added a whole ${what} set at a time: a multiple of ${size}.`,
  addReplicaStep: (current: number) =>
    `The replica count goes up one at a time: from ${current} to ${current + 1}.`,
  addReplicaBricks: (sets: number) =>
    `To raise the replica count, add one brick per replica set: ${sets} brick${sets === 1 ? '' : 's'}.`,
  addReplicaType: 'Only Distribute and replicated volumes can raise their replica count.',
  addReplicaArbiter: 'An arbiter volume keeps replica 3.',
  virtStoreType: (type: GlusterVolumeType) =>
    `A ${type} volume cannot be optimized for virt store: gluster's virt option group sets self-heal options that only replicated volumes have. A virt store is meant to be replica 3 (or replica 3 with an arbiter).`,
  virtStoreReplica: (replica: number) =>
    `A virt store should be replica 3 (or replica 3 with an arbiter); this volume is replica ${replica}.`,
} as const;

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

export const REPLICATED_TYPES: readonly GlusterVolumeType[] = [
  'Replicate',
  'Distributed-Replicate',
];
export const DISPERSED_TYPES: readonly GlusterVolumeType[] = ['Disperse', 'Distributed-Disperse'];
export const DISTRIBUTED_TYPES: readonly GlusterVolumeType[] = [
  'Distribute',
  'Distributed-Replicate',
  'Distributed-Disperse',
];

/** Bricks per set: the replica count, the disperse count, or 1 for Distribute. */
export function setSize(layout: Omit<GlusterLayout, 'bricks'>): number {
  if (REPLICATED_TYPES.includes(layout.type)) return Math.max(1, layout.replicaCount ?? 1);
  if (DISPERSED_TYPES.includes(layout.type)) return Math.max(1, layout.disperseCount ?? 1);
  return 1;
}

/** Whether the brick at `index` is an arbiter: the last of each replica set of an arbiter volume. */
export function isArbiterBrick(layout: Omit<GlusterLayout, 'bricks'>, index: number): boolean {
  return (
    (layout.arbiterCount ?? 0) > 0 &&
    REPLICATED_TYPES.includes(layout.type) &&
    index % setSize(layout) === setSize(layout) - 1
  );
}

/** The volume's actions, allowed or not and why (the toolbar's buttons and the engine's rules). */
export function glusterVolumeActions(
  v: GlusterVolumeState,
): Record<GlusterVolumeAction, ActionRule> {
  const up = v.status === 'Up';
  const busy = v.operation ? no(GLUSTER_MESSAGES.busy(v.operation)) : undefined;
  const task = v.taskRunning ? no(GLUSTER_MESSAGES.taskRunning) : undefined;
  const activeDomain = v.storageDomains?.find((d) => d.status !== 'Maintenance');
  const anyDomain = v.storageDomains?.[0];
  const distributed =
    DISTRIBUTED_TYPES.includes(v.type) && (v.type !== 'Distribute' || v.brickCount > 1);
  const healable = REPLICATED_TYPES.includes(v.type) || DISPERSED_TYPES.includes(v.type);

  const start = up
    ? no(GLUSTER_MESSAGES.startUp)
    : v.status === 'Down'
      ? ok
      : no(GLUSTER_MESSAGES.start);
  let stop =
    v.status === 'Down' ? no(GLUSTER_MESSAGES.stopDown) : up ? ok : no(GLUSTER_MESSAGES.stop);
  if (stop.allowed && activeDomain) stop = no(GLUSTER_MESSAGES.stopDomain(activeDomain.name));
  let del = v.status === 'Down' ? ok : no(GLUSTER_MESSAGES.deleteUp);
  if (del.allowed && anyDomain) del = no(GLUSTER_MESSAGES.deleteDomain(anyDomain.name));
  const rebalance = !up
    ? no(GLUSTER_MESSAGES.rebalanceDown)
    : !distributed
      ? no(GLUSTER_MESSAGES.rebalanceNotDistributed)
      : ok;
  const replace =
    v.type === 'Distribute'
      ? no(GLUSTER_MESSAGES.replaceDistribute)
      : up
        ? ok
        : no(GLUSTER_MESSAGES.replaceDown);
  const heal = !healable
    ? no(GLUSTER_MESSAGES.healNotReplicated)
    : up
      ? ok
      : no(GLUSTER_MESSAGES.healDown);
  const remove = v.brickCount <= 1 ? no(GLUSTER_MESSAGES.removeOnlyBrick) : ok;
  const virt = virtStoreRefusal(v);

  // A running engine command blocks every change; a gluster task blocks changes to the
  // volume's bricks and its state, not its options.
  const guard = (rule: ActionRule, blockedByTask: boolean): ActionRule =>
    busy ?? (blockedByTask && task ? task : rule);
  return {
    start: guard(start, false),
    stop: guard(stop, true),
    delete: guard(del, true),
    optimize: guard(virt ? no(virt) : ok, false),
    setOption: guard(ok, false),
    resetOption: guard(ok, false),
    addBricks: guard(ok, true),
    removeBricks: guard(remove, true),
    replaceBrick: guard(replace, true),
    rebalance: guard(rebalance, true),
    healInfo: heal,
  };
}

const count = (n: number | null | undefined) => n ?? 0;

/**
 * Whether the bricks fit the volume type and its counts, and whether a replica (or
 * disperse) set puts two bricks on one server — refused unless `force`, as gluster
 * itself does. `hostName` names hosts in messages (their id otherwise).
 */
export function brickLayoutIssues(
  layout: GlusterLayout & { readonly force?: boolean | undefined },
  hostName: (hostId: string) => string = (id) => id,
): GlusterIssue[] {
  const { issues, countsOk } = countIssues(layout);
  issues.push(...duplicateBrickIssues(layout.bricks));
  const replicated = REPLICATED_TYPES.includes(layout.type);
  if (!layout.force && countsOk && (replicated || DISPERSED_TYPES.includes(layout.type))) {
    issues.push(
      ...sameServerIssues(
        layout.bricks,
        setSize(layout),
        replicated ? 'replica' : 'disperse',
        hostName,
      ),
    );
  }
  return issues;
}

/**
 * The layout rules that need nothing but the input: counts per type and bricks listed
 * twice. Bricks of a set sharing a server are left out: their message names the host,
 * which only a caller that knows host names can say (the engine, the dialog).
 */
export function brickCountIssues(layout: GlusterLayout): GlusterIssue[] {
  return [...countIssues(layout).issues, ...duplicateBrickIssues(layout.bricks)];
}

function countIssues(layout: GlusterLayout): { issues: GlusterIssue[]; countsOk: boolean } {
  const issues: GlusterIssue[] = [];
  const n = layout.bricks.length;
  const add = (field: string, message: string) => issues.push({ field, message });
  if (n === 0) add('bricks', GLUSTER_MESSAGES.noBricks);
  if (n > GLUSTER_LIMITS.bricksMax) add('bricks', GLUSTER_MESSAGES.tooManyBricks);

  const replicated = REPLICATED_TYPES.includes(layout.type);
  const dispersed = DISPERSED_TYPES.includes(layout.type);
  const replica = count(layout.replicaCount);
  const arbiter = count(layout.arbiterCount);
  const disperse = count(layout.disperseCount);
  const redundancy = count(layout.redundancyCount);

  let countsOk = true;
  if (replicated) {
    if (replica < 2) {
      add('replicaCount', GLUSTER_MESSAGES.replicaCount);
      countsOk = false;
    } else if (arbiter !== 0 && arbiter !== 1) {
      add('arbiterCount', GLUSTER_MESSAGES.arbiterCount);
    } else if (arbiter === 1 && replica !== 3) {
      add('arbiterCount', GLUSTER_MESSAGES.arbiterReplica);
    }
    if (countsOk && n > 0) {
      if (layout.type === 'Replicate' && n !== replica)
        add('bricks', GLUSTER_MESSAGES.replicateBricks(replica));
      if (layout.type === 'Distributed-Replicate' && (n % replica !== 0 || n < 2 * replica))
        add('bricks', GLUSTER_MESSAGES.distReplicateBricks(replica));
    }
  } else if (arbiter > 0) {
    add('arbiterCount', GLUSTER_MESSAGES.arbiterType);
  }
  if (dispersed) {
    if (disperse < 3) {
      add('disperseCount', GLUSTER_MESSAGES.disperseCount);
      countsOk = false;
    } else if (redundancy < 1 || 2 * redundancy >= disperse) {
      add('redundancyCount', GLUSTER_MESSAGES.redundancy(disperse));
    }
    if (countsOk && n > 0) {
      if (layout.type === 'Disperse' && n !== disperse)
        add('bricks', GLUSTER_MESSAGES.disperseBricks(disperse));
      if (layout.type === 'Distributed-Disperse' && (n % disperse !== 0 || n < 2 * disperse))
        add('bricks', GLUSTER_MESSAGES.distDisperseBricks(disperse));
    }
  }

  return { issues, countsOk };
}

/** The same host and directory twice in one request. */
export function duplicateBrickIssues(
  bricks: readonly BrickPlace[],
  field = 'bricks',
  offset = 0,
): GlusterIssue[] {
  const seen = new Set<string>();
  const issues: GlusterIssue[] = [];
  bricks.forEach((b, i) => {
    const key = `${b.hostId}\u0000${normalizeBrickDirectory(b.directory)}`;
    if (seen.has(key))
      issues.push({
        field: `${field}.${i + offset}.directory`,
        message: GLUSTER_MESSAGES.duplicateBrick,
      });
    seen.add(key);
  });
  return issues;
}

/**
 * Two bricks of one set on the same host: the later one is marked (on its host field).
 * `bricks` are whole sets in order, starting at a set boundary; `offset` is the index
 * of the first one in the form's list.
 */
export function sameServerIssues(
  bricks: readonly BrickPlace[],
  size: number,
  what: 'replica' | 'disperse',
  hostName: (hostId: string) => string,
  field = 'bricks',
  offset = 0,
): GlusterIssue[] {
  const issues: GlusterIssue[] = [];
  if (size < 2) return issues;
  for (let start = 0; start < bricks.length; start += size) {
    const seen = new Set<string>();
    bricks.slice(start, start + size).forEach((b, j) => {
      if (seen.has(b.hostId))
        issues.push({
          field: `${field}.${start + j + offset}.hostId`,
          message: GLUSTER_MESSAGES.sameServer(what, hostName(b.hostId)),
        });
      seen.add(b.hostId);
    });
  }
  return issues;
}

/** `/a//b/` → `/a/b`: the form gluster compares brick paths in. */
export function normalizeBrickDirectory(dir: string): string {
  const collapsed = dir.trim().replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
}

/** Whether `inner` is `outer` or lies below it (both normalised). */
function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer === '/' ? '/' : `${outer}/`);
}

export interface BrickHost {
  readonly id: string;
  readonly name: string;
  readonly status: HostStatus;
  readonly clusterId: string;
}

export interface ExistingBrick extends BrickPlace {
  readonly volumeName: string;
}

/**
 * Whether each brick may go where it is asked: a host of the cluster that is Up, and a
 * directory that is no brick yet, neither inside one nor holding one (gluster refuses
 * nested bricks too). `existing` are the bricks the cluster's volumes have.
 */
export function brickPlacementIssues(
  bricks: readonly BrickPlace[],
  context: {
    readonly clusterId: string;
    readonly hosts: ReadonlyMap<string, BrickHost>;
    readonly existing: readonly ExistingBrick[];
  },
  field = 'bricks',
  offset = 0,
): GlusterIssue[] {
  const issues: GlusterIssue[] = [];
  bricks.forEach((b, i) => {
    const at = `${field}.${i + offset}`;
    const host = context.hosts.get(b.hostId);
    if (!host) {
      issues.push({ field: `${at}.hostId`, message: GLUSTER_MESSAGES.hostUnknown });
      return;
    }
    if (host.clusterId !== context.clusterId) {
      issues.push({ field: `${at}.hostId`, message: GLUSTER_MESSAGES.hostOtherCluster(host.name) });
      return;
    }
    if (host.status !== 'Up')
      issues.push({ field: `${at}.hostId`, message: GLUSTER_MESSAGES.hostNotUp(host.name) });
    const dir = normalizeBrickDirectory(b.directory);
    for (const e of context.existing) {
      if (e.hostId !== b.hostId) continue;
      const other = normalizeBrickDirectory(e.directory);
      const message =
        other === dir
          ? GLUSTER_MESSAGES.dirInUse(dir, host.name, e.volumeName)
          : within(dir, other)
            ? GLUSTER_MESSAGES.dirInsideBrick(dir, host.name, other, e.volumeName)
            : within(other, dir)
              ? GLUSTER_MESSAGES.dirContainsBrick(dir, host.name, other, e.volumeName)
              : undefined;
      if (message) {
        issues.push({ field: `${at}.directory`, message });
        break;
      }
    }
  });
  return issues;
}

/** A volume's layout after adding bricks, or why it cannot take them. */
export function addBricksPlan(
  volume: GlusterLayout,
  added: readonly BrickPlace[],
  options: {
    readonly replicaCount?: number | null | undefined;
    readonly force?: boolean | undefined;
    readonly hostName?: (hostId: string) => string;
  } = {},
): { layout: GlusterLayout; issues: GlusterIssue[] } {
  const hostName = options.hostName ?? ((id: string) => id);
  const issues: GlusterIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  const n = added.length;
  if (n === 0) add('bricks', GLUSTER_MESSAGES.noBricks);
  issues.push(
    ...duplicateBrickIssues([...volume.bricks, ...added]).flatMap((i) => {
      // Report against the new bricks' own positions.
      const index = Number(i.field.split('.')[1]) - volume.bricks.length;
      return index >= 0 ? [{ ...i, field: `bricks.${index}.directory` }] : [];
    }),
  );
  const size = setSize(volume);
  const replicated = REPLICATED_TYPES.includes(volume.type);
  const dispersed = DISPERSED_TYPES.includes(volume.type);
  const current = replicated ? count(volume.replicaCount) : 1;
  const newReplica = options.replicaCount ?? undefined;

  if (newReplica !== undefined && newReplica !== current) {
    // Raising the replica count: one new brick per set, each joining its set.
    if (dispersed) add('replicaCount', GLUSTER_MESSAGES.addReplicaType);
    else if (count(volume.arbiterCount) > 0)
      add('replicaCount', GLUSTER_MESSAGES.addReplicaArbiter);
    else if (newReplica !== current + 1)
      add('replicaCount', GLUSTER_MESSAGES.addReplicaStep(current));
    if (issues.length > 0) return { layout: volume, issues };
    const sets = volume.bricks.length / size;
    if (n !== sets) {
      add('bricks', GLUSTER_MESSAGES.addReplicaBricks(sets));
      return { layout: volume, issues };
    }
    const bricks: BrickPlace[] = [];
    for (let s = 0; s < sets; s++)
      bricks.push(...volume.bricks.slice(s * size, (s + 1) * size), added[s]!);
    const layout: GlusterLayout = {
      ...volume,
      type: sets > 1 ? 'Distributed-Replicate' : 'Replicate',
      replicaCount: newReplica,
      bricks,
    };
    if (!options.force) {
      for (const i of sameServerIssues(bricks, newReplica, 'replica', hostName)) {
        // Only a new brick can be at fault: it is the last of its set.
        const index = Number(i.field.split('.')[1]);
        if (index % newReplica === newReplica - 1)
          issues.push({ ...i, field: `bricks.${Math.floor(index / newReplica)}.hostId` });
      }
    }
    return { layout, issues };
  }

  if (n % size !== 0) {
    add('bricks', GLUSTER_MESSAGES.addBricksSets(size, replicated ? 'replica' : 'disperse'));
    return { layout: volume, issues };
  }
  const total = volume.bricks.length + n;
  const sets = total / size;
  const type: GlusterVolumeType = replicated
    ? sets > 1
      ? 'Distributed-Replicate'
      : 'Replicate'
    : dispersed
      ? sets > 1
        ? 'Distributed-Disperse'
        : 'Disperse'
      : 'Distribute';
  if (!options.force && size > 1)
    issues.push(...sameServerIssues(added, size, replicated ? 'replica' : 'disperse', hostName));
  return { layout: { ...volume, type, bricks: [...volume.bricks, ...added] }, issues };
}

/**
 * How bricks leave a volume: whole sets (their data migrated first, or dropped when
 * `migrate` is off), or one brick per replica set lowering the replica count (nothing
 * to migrate: the other replicas hold the data). Indexes are positions in the volume.
 */
export function removeBricksPlan(
  volume: GlusterLayout & { readonly status?: GlusterVolumeStatus },
  indexes: readonly number[],
  options: { readonly replicaCount?: number | null | undefined; readonly migrate?: boolean } = {},
): {
  mode: 'migrate' | 'force' | 'reduce-replica';
  layout: GlusterLayout;
  issues: GlusterIssue[];
} {
  const issues: GlusterIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  const chosen = [...new Set(indexes)].sort((a, b) => a - b);
  const total = volume.bricks.length;
  const size = setSize(volume);
  const replicated = REPLICATED_TYPES.includes(volume.type);
  const current = replicated ? count(volume.replicaCount) : 1;
  const migrate = options.migrate ?? true;
  const fail = (mode: 'migrate' | 'force' | 'reduce-replica') => ({ mode, layout: volume, issues });

  if (chosen.some((i) => i < 0 || i >= total)) {
    add('brickIds', GLUSTER_MESSAGES.brickNotInVolume);
    return fail('migrate');
  }
  if (chosen.length === 0) {
    add('brickIds', GLUSTER_MESSAGES.noBricks);
    return fail('migrate');
  }
  if (total <= 1) {
    add('brickIds', GLUSTER_MESSAGES.removeOnlyBrick);
    return fail('migrate');
  }
  const newReplica = options.replicaCount ?? undefined;
  if (newReplica !== undefined && newReplica !== current) {
    if (!replicated) add('replicaCount', GLUSTER_MESSAGES.addReplicaType);
    else if (count(volume.arbiterCount) > 0) add('replicaCount', GLUSTER_MESSAGES.removeArbiter);
    else if (newReplica !== current - 1)
      add('replicaCount', GLUSTER_MESSAGES.removeReplicaStep(current));
    if (issues.length > 0) return fail('reduce-replica');
    const sets = total / size;
    const perSet = new Map<number, number>();
    for (const i of chosen)
      perSet.set(Math.floor(i / size), (perSet.get(Math.floor(i / size)) ?? 0) + 1);
    if (perSet.size !== sets || [...perSet.values()].some((k) => k !== 1)) {
      add('brickIds', GLUSTER_MESSAGES.removeOnePerSet);
      return fail('reduce-replica');
    }
    const keep = volume.bricks.filter((_, i) => !chosen.includes(i));
    return {
      mode: 'reduce-replica',
      layout: {
        ...volume,
        type: newReplica < 2 ? 'Distribute' : sets > 1 ? 'Distributed-Replicate' : 'Replicate',
        replicaCount: newReplica < 2 ? 1 : newReplica,
        bricks: keep,
      },
      issues,
    };
  }

  if (size > 1) {
    const sets = new Set(chosen.map((i) => Math.floor(i / size)));
    const whole = [...sets].every(
      (s) => chosen.filter((i) => Math.floor(i / size) === s).length === size,
    );
    if (!whole) {
      add(
        'brickIds',
        count(volume.arbiterCount) > 0 || !replicated
          ? GLUSTER_MESSAGES.removeWholeSets(size, replicated ? 'replica' : 'disperse')
          : `${GLUSTER_MESSAGES.removeWholeSets(size, 'replica')} ${GLUSTER_MESSAGES.removeOnePerSet}`,
      );
      return fail('migrate');
    }
  }
  if (chosen.length >= total) {
    add('brickIds', GLUSTER_MESSAGES.removeAll);
    return fail('migrate');
  }
  if (migrate && volume.status !== undefined && volume.status !== 'Up') {
    add('migrateData', GLUSTER_MESSAGES.removeMigrateDown);
    return fail('migrate');
  }
  const left = total - chosen.length;
  const sets = left / size;
  const type: GlusterVolumeType = replicated
    ? sets > 1
      ? 'Distributed-Replicate'
      : 'Replicate'
    : DISPERSED_TYPES.includes(volume.type)
      ? sets > 1
        ? 'Distributed-Disperse'
        : 'Disperse'
      : 'Distribute';
  return {
    mode: migrate ? 'migrate' : 'force',
    layout: { ...volume, type, bricks: volume.bricks.filter((_, i) => !chosen.includes(i)) },
    issues,
  };
}

/** The set of a brick's replica/disperse siblings (itself included), by index. */
export function brickSet(layout: GlusterLayout, index: number): number[] {
  const size = setSize(layout);
  const start = index - (index % size);
  return Array.from({ length: size }, (_, k) => start + k).filter((i) => i < layout.bricks.length);
}

/**
 * Why "Optimize for virt store" cannot run on a volume of this type, or undefined when
 * it can. gluster applies its virt option group to replicated volumes only (replica 2
 * or more, arbiter included): on Distribute and dispersed volumes it refuses the whole
 * group ("Cannot set cluster.shd-max-threads for a non-replicate volume") and sets none
 * of it. A virt store is meant to be replica 3 anyway (oVirt's hyperconverged setup).
 */
export function virtStoreRefusal(layout: Pick<GlusterLayout, 'type'>): string | undefined {
  return REPLICATED_TYPES.includes(layout.type)
    ? undefined
    : GLUSTER_MESSAGES.virtStoreType(layout.type);
}

/**
 * "Optimize for virt store" on a replicated volume that is not replica 3 warns (it does
 * not refuse): VM disks on it are then less safe than oVirt recommends. Undefined when
 * it is replica 3, and for types that cannot be optimized at all (`virtStoreRefusal`).
 */
export function virtStoreWarning(layout: Omit<GlusterLayout, 'bricks'>): string | undefined {
  if (!REPLICATED_TYPES.includes(layout.type) || layout.replicaCount === 3) return undefined;
  return GLUSTER_MESSAGES.virtStoreReplica(layout.replicaCount ?? 1);
}
