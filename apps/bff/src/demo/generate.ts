// The demo data center, generated: a pure function of (seed, size, now). No I/O here, so
// the simulated host driver can build the same fleet in memory and tests can check it.
import { fleetSize, type Fleet, type FleetPreset, type FleetSize } from './fleet.js';
import { buildGrants } from './grants.js';
import { buildHistory } from './history.js';
import { buildInfrastructure } from './infrastructure.js';
import { buildPeople } from './people.js';
import { Rng } from './prng.js';
import { buildWorkloads } from './workloads.js';

export interface GenerateOptions {
  readonly seed: number;
  readonly size: FleetSize | FleetPreset;
  /**
   * The moment the fleet is generated at: uptimes, boot times and the audit log end here.
   * An input rather than the clock, so the same arguments always give the same fleet.
   */
  readonly now: Date;
}

export function generateFleet(options: GenerateOptions): Fleet {
  const now = options.now.getTime();
  if (!Number.isFinite(now)) throw new RangeError('now must be a valid date');
  const size = fleetSize(options.size);
  const rng = new Rng(options.seed);

  const infra = buildInfrastructure(rng, size, now);
  const dc0 = infra.dcs[0];
  const people = buildPeople(
    rng,
    Date.parse(dc0?.row.created_at ?? options.now.toISOString()),
    now,
  );
  const work = buildWorkloads(rng, infra, people, size, now);
  const grants = buildGrants(rng, infra, work, people, now);
  const history = buildHistory(rng, infra, work, people, now);

  return {
    dataCenters: infra.dcs.map((d) => d.row),
    clusters: infra.clusters.map((c) => c.row),
    hosts: infra.hosts.map((h) => h.row),
    networks: infra.dcs.flatMap((d) => [...d.networks.values()].map((n) => n.row)),
    clusterNetworks: infra.clusterNetworks,
    hostNics: infra.hosts.flatMap((h) => h.nics),
    glusterVolumes: [infra.glusterVolume],
    glusterBricks: infra.glusterBricks,
    storageDomains: infra.dcs.flatMap((d) => [
      ...d.dataDomains,
      ...(d.iso ? [d.iso] : []),
      ...(d.export ? [d.export] : []),
    ]),
    templates: work.templates,
    pools: work.pools,
    vms: work.vms.map((v) => v.row),
    vmNics: work.vms.flatMap((v) => v.nics),
    disks: [...work.templateDisks, ...work.vms.flatMap((v) => v.disks)],
    vmDisks: work.vmDisks,
    snapshots: work.vms.flatMap((v) => v.snapshots),
    diskVolumes: work.diskVolumes,
    users: people.users,
    groupMembers: people.groupMembers,
    roles: people.roles,
    permissions: grants.permissions,
    tags: grants.tags,
    tagAssignments: grants.tagAssignments,
    jobs: history.jobs,
    jobSteps: history.jobSteps,
    auditEvents: history.auditEvents,
  };
}
