// The brick picker's model: the rows the user lists (host, directory), where each one
// lands in the volume (its replica or disperse set, whether it is the set's arbiter),
// the space on the filesystem that would hold it, and its messages following the row
// when rows move. Kept free of React so the grouping rules are tested on their own.
import {
  isArbiterBrick,
  normalizeBrickDirectory,
  setSize,
  type BrickHost,
  type ExistingBrick,
  type GlusterLayout,
  type HostStatus,
} from '@corral/shared';

/** One row of the picker, as typed. */
export interface BrickRow {
  /** Stable React key; rows are added, moved and removed. */
  readonly key: number;
  readonly hostId: string;
  readonly directory: string;
}

export interface HostFilesystem {
  readonly mount: string;
  readonly totalGb: number;
  readonly freeGb: number;
}

/** A host as `gluster.brickCandidates` describes it. */
export interface CandidateHost {
  readonly id: string;
  readonly name: string;
  readonly status: HostStatus;
  /** Up, with a gluster driver, answering: the picker may offer it. */
  readonly usable: boolean;
  readonly reason: string | null;
  readonly filesystems: readonly HostFilesystem[] | null;
  readonly bricks: readonly { readonly volumeName: string; readonly directory: string }[];
}

export interface BrickCandidates {
  readonly clusterId: string;
  readonly hosts: readonly CandidateHost[];
}

// ---------------------------------------------------------------------------------
// Rows

/** Rows with `row` appended. */
export function addRow(rows: readonly BrickRow[], row: BrickRow): BrickRow[] {
  return [...rows, row];
}

export function removeRow(rows: readonly BrickRow[], key: number): BrickRow[] {
  return rows.filter((r) => r.key !== key);
}

export function updateRow(
  rows: readonly BrickRow[],
  key: number,
  patch: Partial<Omit<BrickRow, 'key'>>,
): BrickRow[] {
  return rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
}

/** The row one place up (`-1`) or down (`+1`); at either end nothing moves. */
export function moveRow(rows: readonly BrickRow[], key: number, delta: -1 | 1): BrickRow[] {
  const from = rows.findIndex((r) => r.key === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= rows.length) return [...rows];
  const next = [...rows];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

/**
 * The host a new row starts with: a usable host not yet in the set the row joins (a
 * replica set wants its bricks on different servers), else the first usable host,
 * else none. `size` is the set size; `before` the bricks ahead of the new row in the
 * volume's order (existing bricks and rows above).
 */
export function hostForNewRow(
  before: readonly { readonly hostId: string }[],
  hosts: readonly CandidateHost[],
  size: number,
): string {
  const usable = hosts.filter((h) => h.usable);
  const setStart = size > 1 ? before.length - (before.length % size) : before.length;
  const inSet = new Set(before.slice(setStart).map((b) => b.hostId));
  return (usable.find((h) => !inSet.has(h.id)) ?? usable[0])?.id ?? '';
}

// ---------------------------------------------------------------------------------
// Where each brick lands

export interface BrickPlaceView {
  /** 1-based replica / disperse set, or null where bricks are not grouped (Distribute). */
  readonly set: number | null;
  /** The first brick of its set: where the table draws the set's line. */
  readonly first: boolean;
  /** The set is not yet full: more bricks must follow. */
  readonly incomplete: boolean;
  /** The set's arbiter (metadata only, little space needed). */
  readonly arbiter: boolean;
}

export type LayoutCounts = Omit<GlusterLayout, 'bricks'>;

/**
 * Each of `count` bricks in the volume's order: its set and whether it is an arbiter.
 * `offset` bricks come before them (Add Bricks: the volume's own), so sets go on
 * where the volume's end.
 */
export function brickPlaces(layout: LayoutCounts, count: number, offset = 0): BrickPlaceView[] {
  const size = validSize(layout);
  const total = offset + count;
  return Array.from({ length: count }, (_, i) => {
    const index = offset + i;
    if (size <= 1) return { set: null, first: false, incomplete: false, arbiter: false };
    const set = Math.floor(index / size);
    return {
      set: set + 1,
      first: index % size === 0,
      incomplete: (set + 1) * size > total,
      arbiter: isArbiterBrick(layout, index),
    };
  });
}

/**
 * Add Bricks raising the replica count: the new bricks are one per existing set, each
 * joining its set as the last member (`volume add-brick replica N+1`).
 */
export function raisedReplicaPlaces(count: number): BrickPlaceView[] {
  return Array.from({ length: count }, (_, i) => ({
    set: i + 1,
    first: true,
    incomplete: false,
    arbiter: false,
  }));
}

/** Set size when the counts make sense, else 1: half-typed counts group nothing. */
function validSize(layout: LayoutCounts): number {
  const size = setSize(layout);
  return Number.isInteger(size) && size >= 2 ? size : 1;
}

/** "Replica set 2", "Disperse set 1": the word the layout's type uses. */
export function setWord(type: GlusterLayout['type']): 'Replica' | 'Disperse' | null {
  if (type === 'Replicate' || type === 'Distributed-Replicate') return 'Replica';
  if (type === 'Disperse' || type === 'Distributed-Disperse') return 'Disperse';
  return null;
}

/** What the bricks must come to, said before the user has to be told off. */
export function brickCountHint(layout: LayoutCounts): string {
  const size = validSize(layout);
  switch (layout.type) {
    case 'Distribute':
      return 'Any number of bricks; files are spread over them, each file on one brick.';
    case 'Replicate':
      return size > 1
        ? `${size} bricks, one per replica, on different hosts.`
        : 'One brick per replica.';
    case 'Distributed-Replicate':
      return size > 1
        ? `A multiple of ${size} bricks (at least ${2 * size}); each ${size} in a row form a replica set.`
        : 'Whole replica sets of bricks.';
    case 'Disperse':
      return size > 1 ? `${size} bricks (the disperse count).` : 'One brick per disperse member.';
    case 'Distributed-Disperse':
      return size > 1
        ? `A multiple of ${size} bricks (at least ${2 * size}); each ${size} in a row form a disperse set.`
        : 'Whole disperse sets of bricks.';
  }
}

// ---------------------------------------------------------------------------------
// Space

/** The filesystem that would hold `directory`: the one mounted deepest above it. */
export function filesystemOf(
  host: Pick<CandidateHost, 'filesystems'> | undefined,
  directory: string,
): HostFilesystem | null {
  const dir = normalizeBrickDirectory(directory);
  if (!host?.filesystems || !dir.startsWith('/')) return null;
  let best: HostFilesystem | null = null;
  for (const fs of host.filesystems) {
    const mount = normalizeBrickDirectory(fs.mount);
    const holds = mount === '/' || dir === mount || dir.startsWith(`${mount}/`);
    if (holds && (!best || mount.length > normalizeBrickDirectory(best.mount).length)) best = fs;
  }
  return best;
}

/** The most a host has free on one filesystem, for the host list; null when not known. */
export function largestFree(host: Pick<CandidateHost, 'filesystems'>): number | null {
  if (!host.filesystems || host.filesystems.length === 0) return null;
  return Math.max(...host.filesystems.map((f) => f.freeGb));
}

/** Rows whose directory lies on the host's root filesystem: gluster wants force for those. */
export function rootPartitionRows(
  rows: readonly BrickRow[],
  hosts: readonly CandidateHost[],
): number[] {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  return rows.flatMap((r, i) =>
    filesystemOf(byId.get(r.hostId), r.directory)?.mount === '/' ? [i] : [],
  );
}

// ---------------------------------------------------------------------------------
// Rules' context

/** The shared placement rule's view of the candidates: hosts by id and their bricks. */
export function placementContext(candidates: BrickCandidates): {
  clusterId: string;
  hosts: ReadonlyMap<string, BrickHost>;
  existing: ExistingBrick[];
} {
  return {
    clusterId: candidates.clusterId,
    hosts: new Map(
      candidates.hosts.map((h) => [
        h.id,
        { id: h.id, name: h.name, status: h.status, clusterId: candidates.clusterId },
      ]),
    ),
    existing: candidates.hosts.flatMap((h) =>
      h.bricks.map((b) => ({ hostId: h.id, directory: b.directory, volumeName: b.volumeName })),
    ),
  };
}

/** Host names for messages; an unknown id stays as it is. */
export function hostNamer(hosts: readonly { id: string; name: string }[]) {
  const names = new Map(hosts.map((h) => [h.id, h.name]));
  return (id: string) => names.get(id) ?? id;
}

// ---------------------------------------------------------------------------------
// Messages that follow their row

const ROW_FIELD = /^([A-Za-z]+)\.(\d+)(\..+)?$/;

/**
 * Messages on `<prefix>.<i>.<field>` were given for the rows as they were (`keysThen`);
 * after rows moved or went away they belong to the same rows at their new places
 * (`keysNow`), and a removed row's messages go with it. Other fields stay as they are.
 */
export function reindexRowFields(
  fields: Readonly<Record<string, readonly string[]>>,
  prefix: string,
  keysThen: readonly number[],
  keysNow: readonly number[],
): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const [field, messages] of Object.entries(fields)) {
    const m = ROW_FIELD.exec(field);
    if (!m || m[1] !== prefix) {
      out[field] = messages;
      continue;
    }
    const key = keysThen[Number(m[2])];
    const now = key === undefined ? -1 : keysNow.indexOf(key);
    if (now >= 0) out[`${prefix}.${now}${m[3] ?? ''}`] = messages;
  }
  return out;
}
