// The New / Edit Cluster dialog's state and the command inputs it becomes. Kept free
// of React: the mapping, what an edit sends and the data center's limits are tested on
// their own.
import {
  DEFAULT_COMPATIBILITY_VERSION,
  MEMORY_OVERCOMMIT_PERCENTS,
  MIGRATION_POLICIES,
  clusterCompatRule,
  type ActionRule,
  type ClusterCreateInput,
  type ClusterUpdateInput,
  type MemoryOvercommit,
} from '@corral/shared';

export interface ClusterForm {
  readonly dataCenterId: string;
  readonly name: string;
  readonly description: string;
  readonly virtService: boolean;
  readonly glusterService: boolean;
  readonly cpuType: string;
  /** Empty: the data center's version (a cluster's may not be higher). */
  readonly compatVersion: string;
  readonly memOvercommit: MemoryOvercommit;
  readonly migrationPolicy: string;
  readonly fencingEnabled: boolean;
}

export const NEW_CLUSTER: ClusterForm = {
  dataCenterId: '',
  name: '',
  description: '',
  virtService: true,
  glusterService: false,
  cpuType: 'Intel Skylake Server Family',
  compatVersion: '',
  memOvercommit: 100,
  migrationPolicy: MIGRATION_POLICIES[0],
  fencingEnabled: true,
};

export const MEMORY_OVERCOMMIT_LABEL: Record<MemoryOvercommit, string> = {
  100: 'None (100 %)',
  150: 'For server load (150 %)',
  200: 'For desktop load (200 %)',
};

/** The services as one choice, as the seeds call it ("application mode"). */
export type ClusterServices = 'virt' | 'gluster' | 'both';

export function servicesOf(
  f: Pick<ClusterForm, 'virtService' | 'glusterService'>,
): ClusterServices | null {
  if (f.virtService && f.glusterService) return 'both';
  if (f.virtService) return 'virt';
  if (f.glusterService) return 'gluster';
  return null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A grid row of the Clusters tab (search field names) as the Edit dialog starts. */
export function clusterFormOf(row: Record<string, unknown>): ClusterForm {
  const overcommit = Number(row.mem_overcommit);
  return {
    ...NEW_CLUSTER,
    name: text(row.name),
    description: text(row.description),
    virtService: row.virt_service === true,
    glusterService: row.gluster_service === true,
    cpuType: text(row.cpu_type) || NEW_CLUSTER.cpuType,
    compatVersion: text(row.compat_version) || DEFAULT_COMPATIBILITY_VERSION,
    memOvercommit: (MEMORY_OVERCOMMIT_PERCENTS as readonly number[]).includes(overcommit)
      ? (overcommit as MemoryOvercommit)
      : 100,
    // Hidden fields of the Clusters row: Edit starts from what the cluster has.
    migrationPolicy: (MIGRATION_POLICIES as readonly string[]).includes(text(row.migration_policy))
      ? text(row.migration_policy)
      : NEW_CLUSTER.migrationPolicy,
    fencingEnabled:
      typeof row.fencing_enabled === 'boolean' ? row.fencing_enabled : NEW_CLUSTER.fencingEnabled,
  };
}

/** The version the cluster gets: the one chosen, else its data center's. */
export function effectiveVersion(f: ClusterForm, dataCenterVersion: string | undefined): string {
  return f.compatVersion || dataCenterVersion || DEFAULT_COMPATIBILITY_VERSION;
}

export function clusterCreateOf(
  f: ClusterForm,
  dataCenterVersion: string | undefined,
): ClusterCreateInput {
  return {
    dataCenterId: f.dataCenterId,
    name: f.name,
    description: f.description,
    virtService: f.virtService,
    glusterService: f.glusterService,
    cpuType: f.cpuType as ClusterCreateInput['cpuType'],
    compatVersion: effectiveVersion(f, dataCenterVersion) as ClusterCreateInput['compatVersion'],
    memOvercommit: f.memOvercommit,
    migrationPolicy: f.migrationPolicy as ClusterCreateInput['migrationPolicy'],
    fencingEnabled: f.fencingEnabled,
  };
}

/** Edit: only what changed is sent, so what the user left alone is never refused. */
export function clusterUpdateOf(
  id: string,
  before: ClusterForm,
  after: ClusterForm,
): ClusterUpdateInput {
  const input: { -readonly [K in keyof ClusterUpdateInput]: ClusterUpdateInput[K] } = { id };
  if (after.name.trim() !== before.name) input.name = after.name;
  if (after.description !== before.description) input.description = after.description;
  // Services travel together: the schema judges the pair ("virt, Gluster or both").
  if (after.virtService !== before.virtService || after.glusterService !== before.glusterService) {
    input.virtService = after.virtService;
    input.glusterService = after.glusterService;
  }
  if (after.cpuType !== before.cpuType)
    input.cpuType = after.cpuType as ClusterUpdateInput['cpuType'];
  if (after.compatVersion !== before.compatVersion)
    input.compatVersion = after.compatVersion as ClusterUpdateInput['compatVersion'];
  if (after.memOvercommit !== before.memOvercommit) input.memOvercommit = after.memOvercommit;
  if (after.migrationPolicy !== before.migrationPolicy)
    input.migrationPolicy = after.migrationPolicy as ClusterUpdateInput['migrationPolicy'];
  if (after.fencingEnabled !== before.fencingEnabled) input.fencingEnabled = after.fencingEnabled;
  return input;
}

/** A data center as the cluster dialog knows it (`cluster.formOptions`). */
export interface ClusterDataCenter {
  readonly id: string;
  readonly name: string;
  readonly compatVersion: string;
  readonly newCluster: ActionRule;
}

/**
 * What the data center says of the form before anything is sent (the same rules the
 * BFF applies): a Local data center holds one cluster; the version is at most its own.
 * Keys are the command input's fields.
 */
export function dataCenterProblems(
  f: ClusterForm,
  dc: ClusterDataCenter | undefined,
  creating: boolean,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!dc) return problems;
  if (creating && !dc.newCluster.allowed && dc.newCluster.reason)
    problems.dataCenterId = dc.newCluster.reason;
  const compat = clusterCompatRule(effectiveVersion(f, dc.compatVersion), dc);
  if (!compat.allowed && compat.reason) problems.compatVersion = compat.reason;
  return problems;
}
