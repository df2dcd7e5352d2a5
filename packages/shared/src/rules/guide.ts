// Guide Me (DOMAIN.md: data center → cluster → host → storage): what a data center or
// a cluster has configured, what is still missing, and — for each step not yet
// possible — why. Pure: the BFF feeds it counts from the store, the portal shows it.
import type { DataCenterStorageMode } from '../domain/status.js';
import { newClusterRule, newHostRule } from './cluster.js';
import { NO_ACTIVE_HOST } from './storage.js';
import type { ActionRule } from './vm.js';

export type GuideStepKey = 'cluster' | 'host' | 'volume' | 'storage' | 'iso';

/** The dialogs a step opens. */
export type GuideActionKey =
  | 'newCluster'
  | 'newHost'
  | 'newVolume'
  | 'newStorage'
  | 'attachStorage'
  | 'newIsoDomain'
  | 'attachIso'
  | 'activateStorage';

export interface GuideAction extends ActionRule {
  readonly key: GuideActionKey;
  readonly label: string;
}

export interface GuideStep {
  readonly key: GuideStepKey;
  readonly label: string;
  /** Configured: nothing is missing for this step. */
  readonly done: boolean;
  /** How many of the step's objects there are (clusters, hosts, Data domains, …). */
  readonly count: number;
  /** One line on where the step stands ("2 hosts, 1 Up"). */
  readonly summary: string;
  /** Whether the step can be taken now; `reason` says why not. */
  readonly available: boolean;
  readonly reason?: string;
  readonly actions: readonly GuideAction[];
}

export interface Guide {
  readonly object: 'dataCenter' | 'cluster';
  readonly id: string;
  readonly name: string;
  /** The data center the steps' dialogs act in: the guided one, or the cluster's. */
  readonly dataCenterId: string;
  readonly steps: readonly GuideStep[];
  /** The first step not done (what the guide proposes next); null when all are. */
  readonly next: GuideStepKey | null;
  readonly complete: boolean;
}

/** Counts the store gives for one data center. */
export interface DataCenterGuideFacts {
  readonly id: string;
  readonly name: string;
  readonly storageMode: DataCenterStorageMode;
  readonly clusters: number;
  readonly hosts: { readonly total: number; readonly up: number };
  /** Data domains attached to it, Active ones, and whether the master is Active. */
  readonly data: {
    readonly attached: number;
    readonly active: number;
    readonly masterActive: boolean;
  };
  /** Its ISO domain, if one is attached. */
  readonly iso: { readonly name: string; readonly status: string } | null;
  /** Unattached domains that could be attached to it. */
  readonly unattached: { readonly data: number; readonly iso: number };
}

/** Counts the store gives for one cluster (and its data center). */
export interface ClusterGuideFacts {
  readonly id: string;
  readonly name: string;
  readonly virtService: boolean;
  readonly glusterService: boolean;
  readonly hosts: { readonly total: number; readonly up: number };
  readonly glusterVolumes: { readonly total: number; readonly up: number };
  readonly dataCenter: DataCenterGuideFacts;
}

export const GUIDE_MESSAGES = {
  clusterFirst: 'Create a cluster first: hosts belong to a cluster.',
  noUpHost: 'No host is Up yet.',
  noClusterHost: 'There should be at least one active host in the cluster.',
  masterFirst:
    'Attach and activate a Data domain first: the ISO library needs an active master domain.',
  noUnattachedData: 'There is no unattached Data domain to attach.',
  noUnattachedIso: 'There is no unattached ISO domain to attach.',
  isoInactive: (name: string, status: string) => `ISO domain ${name} is ${status}; activate it.`,
  dataInactive: 'The Data domains are attached but none is Active; activate one.',
} as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const allow = (key: GuideActionKey, label: string, rule: ActionRule = { allowed: true }) =>
  ({ key, label, ...rule }) as GuideAction;
const blocked = (key: GuideActionKey, label: string, reason: string) =>
  allow(key, label, { allowed: false, reason });

function step(s: Omit<GuideStep, 'available' | 'reason'>, reason: string | undefined): GuideStep {
  return reason === undefined ? { ...s, available: true } : { ...s, available: false, reason };
}

function clusterStep(dc: DataCenterGuideFacts): GuideStep {
  return step(
    {
      key: 'cluster',
      label: 'Cluster',
      done: dc.clusters > 0,
      count: dc.clusters,
      summary: dc.clusters === 0 ? 'No cluster yet.' : `${plural(dc.clusters, 'cluster')}.`,
      actions: [
        allow(
          'newCluster',
          'New Cluster',
          newClusterRule({ storageMode: dc.storageMode, clusters: dc.clusters }),
        ),
      ],
    },
    undefined,
  );
}

function hostStep(
  hosts: { total: number; up: number },
  dc: DataCenterGuideFacts,
  hasCluster: boolean,
): GuideStep {
  const reason = hasCluster ? undefined : GUIDE_MESSAGES.clusterFirst;
  const rule = reason
    ? { allowed: false, reason }
    : newHostRule({ storageMode: dc.storageMode, hosts: dc.hosts.total });
  return step(
    {
      key: 'host',
      label: 'Host',
      done: hosts.up > 0,
      count: hosts.total,
      summary:
        hosts.total === 0
          ? 'No host yet.'
          : `${plural(hosts.total, 'host')}, ${hosts.up} Up.${hosts.up === 0 ? ` ${GUIDE_MESSAGES.noUpHost}` : ''}`,
      actions: [allow('newHost', 'New Host', rule)],
    },
    reason,
  );
}

function storageStep(dc: DataCenterGuideFacts): GuideStep {
  const reason = dc.hosts.up === 0 ? NO_ACTIVE_HOST : undefined;
  const actions: GuideAction[] = reason
    ? [
        blocked('newStorage', 'New Storage Domain', reason),
        blocked('attachStorage', 'Attach Storage', reason),
      ]
    : [
        allow('newStorage', 'New Storage Domain'),
        dc.unattached.data > 0
          ? allow('attachStorage', 'Attach Storage')
          : blocked('attachStorage', 'Attach Storage', GUIDE_MESSAGES.noUnattachedData),
      ];
  const d = dc.data;
  let summary =
    d.attached === 0
      ? 'No Data domain yet.'
      : `${plural(d.attached, 'Data domain')}, ${d.active} Active.`;
  if (d.attached > 0 && d.active === 0) {
    summary += ` ${GUIDE_MESSAGES.dataInactive}`;
    if (!reason) actions.push(allow('activateStorage', 'Activate'));
  }
  return step(
    { key: 'storage', label: 'Storage', done: d.masterActive, count: d.attached, summary, actions },
    reason,
  );
}

function isoStep(dc: DataCenterGuideFacts): GuideStep {
  const reason =
    dc.hosts.up === 0
      ? NO_ACTIVE_HOST
      : !dc.data.masterActive
        ? GUIDE_MESSAGES.masterFirst
        : undefined;
  const iso = dc.iso;
  const actions: GuideAction[] = [];
  if (!iso) {
    actions.push(
      reason
        ? blocked('newIsoDomain', 'New ISO Domain', reason)
        : allow('newIsoDomain', 'New ISO Domain'),
      reason
        ? blocked('attachIso', 'Attach ISO Domain', reason)
        : dc.unattached.iso > 0
          ? allow('attachIso', 'Attach ISO Domain')
          : blocked('attachIso', 'Attach ISO Domain', GUIDE_MESSAGES.noUnattachedIso),
    );
  } else if (iso.status !== 'Active') {
    actions.push(
      reason
        ? blocked('activateStorage', 'Activate', reason)
        : allow('activateStorage', 'Activate'),
    );
  }
  return step(
    {
      key: 'iso',
      label: 'ISO Library',
      done: iso?.status === 'Active',
      count: iso ? 1 : 0,
      summary: !iso
        ? 'No ISO domain yet.'
        : iso.status === 'Active'
          ? `ISO domain ${iso.name} is Active.`
          : GUIDE_MESSAGES.isoInactive(iso.name, iso.status),
      actions,
    },
    reason,
  );
}

function volumeStep(c: ClusterGuideFacts): GuideStep {
  const reason = c.hosts.up === 0 ? GUIDE_MESSAGES.noClusterHost : undefined;
  const v = c.glusterVolumes;
  return step(
    {
      key: 'volume',
      label: 'Gluster Volume',
      done: v.total > 0,
      count: v.total,
      summary:
        v.total === 0 ? 'No Gluster volume yet.' : `${plural(v.total, 'volume')}, ${v.up} Up.`,
      actions: [
        reason ? blocked('newVolume', 'New Volume', reason) : allow('newVolume', 'New Volume'),
      ],
    },
    reason,
  );
}

function guide(
  object: Guide['object'],
  id: string,
  name: string,
  dataCenterId: string,
  steps: readonly GuideStep[],
): Guide {
  const next = steps.find((s) => !s.done)?.key ?? null;
  return { object, id, name, dataCenterId, steps, next, complete: next === null };
}

/** The data center's guide: cluster → host → storage (a Data domain) → ISO library. */
export function dataCenterGuide(dc: DataCenterGuideFacts): Guide {
  return guide('dataCenter', dc.id, dc.name, dc.id, [
    clusterStep(dc),
    hostStep(dc.hosts, dc, dc.clusters > 0),
    storageStep(dc),
    isoStep(dc),
  ]);
}

/**
 * The cluster's guide: its hosts, then a Gluster volume (Gluster service), then its data
 * center's storage and ISO library (virt service: the VMs' disks and CDs).
 */
export function clusterGuide(c: ClusterGuideFacts): Guide {
  const steps: GuideStep[] = [hostStep(c.hosts, c.dataCenter, true)];
  if (c.glusterService) steps.push(volumeStep(c));
  if (c.virtService) steps.push(storageStep(c.dataCenter), isoStep(c.dataCenter));
  return guide('cluster', c.id, c.name, c.dataCenter.id, steps);
}
