// What the portal reads around the commands: each object's actions with the reason
// when refused (the shared rules, then what the store knows: is there a host to run
// on, to migrate to), the dialogs' choices, and the recent jobs with their steps.
import {
  hostActions,
  vmActions,
  type ActionRule,
  type HostAction,
  type VmAction,
} from '@corral/shared';
import type { Db } from '../store/index.js';
import { vmsOnHosts } from './rules/host.js';
import { findVms, getHosts } from './inventory.js';

/** oVirt's Blank template: what "no template" means; the dialogs offer it as Blank. */
const BLANK_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';

const no = (reason: string): ActionRule => ({ allowed: false, reason });

export async function vmActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<VmAction, ActionRule>>> {
  const vms = await findVms(db, ids);
  const clusters = [...new Set(vms.map((v) => v.cluster_id))];
  const hosts = await db.query<{ id: string; cluster_id: string; cluster: string; status: string }>(
    `SELECT h.id, h.cluster_id, c.name AS cluster, h.status
       FROM host h JOIN cluster c ON c.id = h.cluster_id WHERE h.cluster_id = ANY($1::uuid[])`,
    [clusters],
  );
  const names = new Map(
    (
      await db.query<{ id: string; name: string }>(
        `SELECT id, name FROM cluster WHERE id = ANY($1::uuid[])`,
        [clusters],
      )
    ).map((c) => [c.id, c.name]),
  );
  const out: Record<string, Record<VmAction, ActionRule>> = {};
  for (const vm of vms) {
    const rules = { ...vmActions({ status: vm.status, hostId: vm.host_id }) };
    const up = hosts.filter((h) => h.cluster_id === vm.cluster_id && h.status === 'Up');
    const cluster = names.get(vm.cluster_id) ?? '';
    const noHost = `There should be at least one active host in Cluster ${cluster}.`;
    if (up.length === 0) {
      for (const a of ['run', 'runOnce'] as const) if (rules[a].allowed) rules[a] = no(noHost);
      if (vm.status === 'Down')
        for (const a of ['snapshot', 'restoreSnapshot'] as const)
          if (rules[a].allowed) rules[a] = no(noHost);
    }
    if ((vm.status === 'Suspended' || vm.status === 'Paused') && rules.run.allowed) {
      const holder = vm.host_id ?? vm.last_host_id;
      if (!up.some((h) => h.id === holder))
        rules.run = no('The host that holds the VM’s state is not Up.');
    }
    if (rules.migrate.allowed && !up.some((h) => h.id !== vm.host_id))
      rules.migrate = no(`There is no other Up host in Cluster ${cluster} to migrate to.`);
    out[vm.id] = rules;
  }
  return out;
}

export async function hostActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<HostAction, ActionRule>>> {
  const rows = await db.query<{ id: string }>(`SELECT id FROM host WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  const hosts = await getHosts(
    db,
    rows.map((r) => r.id),
  );
  const counts = await vmsOnHosts(
    db,
    hosts.map((h) => h.id),
  );
  const out: Record<string, Record<HostAction, ActionRule>> = {};
  for (const h of hosts)
    out[h.id] = hostActions({ status: h.status, activeVms: counts.get(h.id) ?? 0 });
  return out;
}

export interface VmFormOptions {
  clusters: { id: string; name: string; dataCenterId: string; dataCenter: string }[];
  templates: {
    id: string;
    name: string;
    os: string;
    memoryMb: number;
    vcpus: number;
    display: string;
    vmType: string;
    disks: number;
  }[];
  storageDomains: { id: string; name: string; totalGb: number; freeGb: number }[];
  networks: { id: string; name: string }[];
  hosts: { id: string; name: string; status: string; freeMemoryMb: number; cpuUsage: number }[];
}

/**
 * The New VM, Run Once and Migrate dialogs' choices: clusters that run VMs, and for
 * one cluster its usable templates (OK, of its data center or global), Active Data
 * domains of its data center, its VM networks, and its hosts with their free memory
 * (as the scheduler counts it).
 */
export async function vmFormOptions(db: Db, clusterId: string | null): Promise<VmFormOptions> {
  const clusters = await db.query<VmFormOptions['clusters'][number]>(
    `SELECT c.id, c.name, c.data_center_id AS "dataCenterId", d.name AS "dataCenter"
       FROM cluster c JOIN data_center d ON d.id = c.data_center_id
      WHERE c.virt_service ORDER BY c.name`,
  );
  if (!clusterId) return { clusters, templates: [], storageDomains: [], networks: [], hosts: [] };
  const templates = await db.query<VmFormOptions['templates'][number]>(
    `SELECT t.id, t.name, t.os, t.memory_mb AS "memoryMb", t.vcpus, t.display, t.vm_type AS "vmType",
            (SELECT COUNT(*)::int FROM disk WHERE template_id = t.id) AS disks
       FROM template t LEFT JOIN cluster tc ON tc.id = t.cluster_id
      WHERE t.status = 'OK' AND t.id <> $2
        AND (t.cluster_id IS NULL
             OR tc.data_center_id = (SELECT data_center_id FROM cluster WHERE id = $1))
      ORDER BY t.name`,
    [clusterId, BLANK_TEMPLATE_ID],
  );
  const storageDomains = await db.query<VmFormOptions['storageDomains'][number]>(
    `SELECT sd.id, sd.name, sd.total_gb AS "totalGb", GREATEST(0, sd.total_gb - sd.used_gb) AS "freeGb"
       FROM storage_domain sd
      WHERE sd.domain_type = 'Data' AND sd.status = 'Active'
        AND sd.data_center_id = (SELECT data_center_id FROM cluster WHERE id = $1)
      ORDER BY sd.is_master DESC, sd.name`,
    [clusterId],
  );
  const networks = await db.query<VmFormOptions['networks'][number]>(
    `SELECT n.id, n.name FROM network n JOIN cluster_network cn ON cn.network_id = n.id
      WHERE cn.cluster_id = $1 AND n.vm_network ORDER BY n.name`,
    [clusterId],
  );
  const hosts = await db.query<VmFormOptions['hosts'][number]>(
    `SELECT h.id, h.name, h.status, h.cpu_usage AS "cpuUsage",
            (FLOOR(h.memory_mb * c.mem_overcommit / 100.0)
              - COALESCE((SELECT SUM(v.memory_mb) FROM vm v
                           WHERE (v.host_id = h.id AND v.status NOT IN ('Down', 'Suspended'))
                              OR v.migrating_to_host_id = h.id), 0))::bigint AS "freeMemoryMb"
       FROM host h JOIN cluster c ON c.id = h.cluster_id
      WHERE h.cluster_id = $1 ORDER BY h.name`,
    [clusterId],
  );
  return { clusters, templates, storageDomains, networks, hosts };
}

export interface JobStepView {
  id: string;
  position: number;
  description: string;
  status: string;
  progress: number;
  startTime: Date | null;
  endTime: Date | null;
}

export interface JobView {
  id: string;
  description: string;
  status: string;
  userName: string;
  correlationId: string | null;
  progress: number;
  startTime: Date;
  endTime: Date | null;
  /** Why it failed (the job's Error event), when it failed. */
  error: string | null;
  steps: JobStepView[];
}

/**
 * The newest jobs with their steps ('Pending' steps have not begun); with `userName`,
 * only that user's (what a user who does not see everything is shown).
 */
export async function recentJobs(db: Db, limit: number, userName?: string): Promise<JobView[]> {
  const jobs = await db.query<Omit<JobView, 'steps'>>(
    `SELECT j.id, j.description, j.status, j.user_name AS "userName",
            j.correlation_id AS "correlationId", j.progress, j.start_time AS "startTime",
            j.end_time AS "endTime",
            (SELECT e.message FROM audit_event e
              WHERE e.job_id = j.id AND e.code = 'JOB_FAILED' ORDER BY e.id DESC LIMIT 1) AS error
       FROM job j WHERE ($2::text IS NULL OR j.user_name = $2::text)
      ORDER BY j.start_time DESC, j.id LIMIT $1`,
    [limit, userName ?? null],
  );
  const steps = await db.query<JobStepView & { jobId: string }>(
    `SELECT s.id, s.job_id AS "jobId", s.position, s.description, s.status, s.progress,
            s.start_time AS "startTime", s.end_time AS "endTime"
       FROM job_step s WHERE s.job_id = ANY($1::uuid[]) ORDER BY s.position`,
    [jobs.map((j) => j.id)],
  );
  const byJob = new Map<string, JobStepView[]>();
  for (const { jobId, ...step } of steps) byJob.set(jobId, [...(byJob.get(jobId) ?? []), step]);
  return jobs.map((j) => ({ ...j, steps: byJob.get(j.id) ?? [] }));
}
