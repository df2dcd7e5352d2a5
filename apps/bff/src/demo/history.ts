// The last few days of the audit log and the jobs behind them, told from the fleet's
// current state: every host that is down, VM that is paused or migrating and domain that
// is filling up has the events that explain it, in oVirt's words (event codes are the
// names of oVirt's AuditLogType entries).
import type { EventSeverity, JobStatus } from '@corral/shared';
import type {
  AppUserRow,
  AuditEventRow,
  GlusterVolumeRow,
  JobRow,
  JobStepRow,
  StorageDomainRow,
} from './fleet.js';
import type { ClusterPlan, HostPlan, Infrastructure } from './infrastructure.js';
import { loginName, type People } from './people.js';
import type { Rng } from './prng.js';
import { DAY, HOUR, MINUTE, clamp, iso, must } from './util.js';
import type { VmPlan, Workloads } from './workloads.js';

/** How far back the generated audit log reaches. */
export const EVENT_WINDOW_DAYS = 3;

export interface History {
  readonly auditEvents: AuditEventRow[];
  readonly jobs: JobRow[];
  readonly jobSteps: JobStepRow[];
}

interface Refs {
  readonly cluster?: ClusterPlan;
  readonly host?: HostPlan;
  readonly vm?: VmPlan;
  readonly domain?: StorageDomainRow;
  readonly volume?: GlusterVolumeRow;
  /** Who did it: an engine user, or a login name (directory users have no user row). */
  readonly user?: AppUserRow | string;
  readonly job?: { readonly id: string; readonly correlation: string };
}

type StepSpec = readonly [type: string, description: string, start: number, end: number | null];

export function buildHistory(
  rng: Rng,
  infra: Infrastructure,
  work: Workloads,
  people: People,
  now: number,
): History {
  const r = rng.fork('history');
  const since = now - EVENT_WINDOW_DAYS * DAY;
  const inWindow = (t: number) => clamp(t, since, now);
  const events: AuditEventRow[] = [];
  const jobs: JobRow[] = [];
  const jobSteps: JobStepRow[] = [];
  const domains = new Map(infra.dcs.flatMap((dc) => [...dc.dataDomains]).map((sd) => [sd.id, sd]));
  const admin = people.admin;

  const log = (
    at: number,
    severity: EventSeverity,
    code: string,
    message: string,
    refs: Refs = {},
  ) => {
    const cluster = refs.cluster ?? refs.vm?.cluster ?? refs.host?.cluster;
    const dc = cluster?.dc ?? infra.dcs.find((d) => d.row.id === refs.domain?.data_center_id);
    const user = refs.user;
    events.push({
      time: iso(at),
      severity,
      code,
      message,
      user_name: user === undefined ? '' : typeof user === 'string' ? user : loginName(user),
      correlation_id: refs.job?.correlation ?? null,
      job_id: refs.job?.id ?? null,
      data_center_id: dc?.row.id ?? null,
      cluster_id: cluster?.row.id ?? null,
      host_id: refs.host?.row.id ?? null,
      vm_id: refs.vm?.row.id ?? null,
      storage_domain_id: refs.domain?.id ?? null,
      template_id: null,
      volume_id: refs.volume?.id ?? null,
      user_id: typeof user === 'object' ? user.id : null,
      data_center_name: dc?.row.name ?? null,
      cluster_name: cluster?.row.name ?? null,
      host_name: refs.host?.row.name ?? null,
      vm_name: refs.vm?.row.name ?? null,
      storage_domain_name: refs.domain?.name ?? null,
      template_name: null,
      volume_name: refs.volume?.name ?? null,
    });
  };

  const job = (
    description: string,
    status: JobStatus,
    user: AppUserRow | string,
    steps: readonly StepSpec[],
    progress = status === 'Started' ? r.int(10, 90) : 100,
  ) => {
    const first = must(steps[0], 'job step');
    const last = must(steps[steps.length - 1], 'job step');
    const row: JobRow = {
      id: r.uuid(),
      description,
      status,
      user_name: typeof user === 'string' ? user : loginName(user),
      correlation_id: r.uuid().slice(0, 8),
      progress,
      start_time: iso(first[2]),
      end_time: status === 'Started' ? null : iso(last[3] ?? now),
    };
    jobs.push(row);
    steps.forEach(([type, text, start, end], position) => {
      const open = end === null;
      const failed = status === 'Failed' && position === steps.length - 1;
      jobSteps.push({
        id: r.uuid(),
        job_id: row.id,
        parent_id: null,
        position,
        step_type: type,
        description: text,
        status: open ? 'Started' : failed ? 'Failed' : 'Finished',
        progress: open ? progress : 100,
        start_time: iso(start),
        end_time: open ? null : iso(end),
      });
    });
    return { id: row.id, correlation: row.correlation_id ?? row.id };
  };

  const upHosts = (cluster: ClusterPlan, not?: HostPlan) =>
    cluster.hosts.filter((h) => h.row.status === 'Up' && h !== not);
  const named = (user: AppUserRow | string) => (typeof user === 'string' ? user : loginName(user));

  // Who logged in to the portals.
  for (let t = since + r.real(0, 6) * HOUR; t < now; t += r.real(4, 10) * HOUR) {
    log(t, 'Normal', 'USER_VDC_LOGIN', `User ${loginName(admin)} logged in.`, { user: admin });
  }
  for (const user of people.named) {
    for (let i = r.int(0, 3); i > 0; i--) {
      log(r.int(since, now), 'Normal', 'USER_VDC_LOGIN', `User ${loginName(user)} logged in.`, {
        user,
      });
    }
  }

  // VMs: starts, stops, and why the odd ones are in the state they are.
  const windowStartedUp = work.vms.filter(
    (v) => v.host && v.row.started_at && Date.parse(v.row.started_at) >= since,
  );
  for (const vm of windowStartedUp) {
    const host = must(vm.host ?? undefined, 'vm host');
    const at = Date.parse(vm.row.started_at ?? '');
    const starter: AppUserRow | string =
      vm.owner ?? (vm.pool ? (vm.row.logged_in_user ?? '') : admin);
    if (starter !== '') {
      log(
        at,
        'Normal',
        'USER_STARTED_VM',
        `VM ${vm.row.name} was started by ${named(starter)} (Host: ${host.row.name}).`,
        { vm, host, user: starter },
      );
    }
    if (vm.row.status === 'PoweringUp') continue;
    const upAt = Math.min(now, at + r.int(20, 90) * 1000);
    log(upAt, 'Normal', 'USER_RUN_VM', `VM ${vm.row.name} started on Host ${host.row.name}`, {
      vm,
      host,
      user: starter === '' ? undefined : starter,
    });
    if (vm.row.logged_in_user) {
      const user = vm.owner ?? vm.row.logged_in_user;
      log(
        Math.min(now, upAt + r.int(1, 10) * MINUTE),
        'Normal',
        'VM_CONSOLE_CONNECTED',
        `User ${vm.row.logged_in_user} is connected to VM ${vm.row.name}.`,
        { vm, host, user },
      );
    }
  }
  for (const vm of work.vms) {
    const row = vm.row;
    const host = vm.host;
    if (row.status === 'Down' && r.chance(0.08)) {
      const ranOn = r.pick(upHosts(vm.cluster).length > 0 ? upHosts(vm.cluster) : vm.cluster.hosts);
      const at = r.int(since, now - MINUTE);
      if (r.chance(0.3)) {
        log(
          at,
          'Normal',
          'USER_STOP_VM',
          `VM ${row.name} powered off by ${loginName(admin)} (Host: ${ranOn.row.name}).`,
          { vm, host: ranOn, user: admin },
        );
      } else {
        log(
          at,
          'Normal',
          'VM_DOWN',
          `VM ${row.name} is down. Exit message: User shut down from within the guest`,
          { vm, host: ranOn },
        );
      }
    } else if (row.status === 'Suspended' && r.chance(0.5)) {
      const ranOn = r.pick(upHosts(vm.cluster).length > 0 ? upHosts(vm.cluster) : vm.cluster.hosts);
      const user = vm.owner ?? admin;
      log(
        r.int(since, now - MINUTE),
        'Normal',
        'USER_SUSPEND_VM',
        `Suspending VM ${row.name} was initiated by User ${loginName(user)} (Host: ${ranOn.row.name}).`,
        { vm, host: ranOn, user },
      );
    } else if (row.status === 'Paused' && host) {
      const domain = domains.get(vm.disks[0]?.storage_domain_id ?? '');
      log(
        now - r.int(5, 360) * MINUTE,
        'Error',
        'VM_PAUSED_EIO',
        `VM ${row.name} has been paused due to storage I/O problem.`,
        { vm, host, ...(domain ? { domain } : {}) },
      );
    } else if (row.status === 'NotResponding' && host) {
      log(
        now - r.int(1, 60) * MINUTE,
        'Warning',
        'VM_NOT_RESPONDING',
        `VM ${row.name} is not responding.`,
        { vm, host },
      );
    } else if (row.status === 'RebootInProgress' && host) {
      log(
        now - r.int(10, 60) * 1000,
        'Normal',
        'USER_REBOOT_VM',
        `User ${loginName(admin)} initiated reboot of VM ${row.name}.`,
        { vm, host, user: admin },
      );
    } else if (row.status === 'PoweringDown' && host) {
      log(
        now - r.int(10, 90) * 1000,
        'Normal',
        'USER_INITIATED_SHUTDOWN_VM',
        `VM shutdown initiated by ${loginName(admin)} on VM ${row.name} (Host: ${host.row.name}).`,
        { vm, host, user: admin },
      );
    }
  }

  // Live migrations: the ones in flight, and some that finished in the last days.
  for (const m of work.migrations) {
    const start = now - r.int(15, 300) * 1000;
    // No job row: a job is the engine's own record of work it runs, and no engine runs
    // these (the sim hosts finish them on their own once the BFF starts).
    log(
      start,
      'Normal',
      'VM_MIGRATION_START',
      `Migration started (VM: ${m.vm.row.name}, Source: ${m.from.row.name}, Destination: ${m.to.row.name}, User: ${loginName(admin)}).`,
      { vm: m.vm, host: m.from, user: admin },
    );
  }
  const settled = work.vms.filter(
    (v) =>
      v.row.status === 'Up' &&
      v.row.vm_type === 'Server' &&
      v.host &&
      Date.parse(v.row.started_at ?? '') < since,
  );
  for (const vm of settled) {
    if (!r.chance(0.03)) continue;
    const to = must(vm.host ?? undefined, 'vm host');
    const sources = upHosts(vm.cluster, to);
    if (sources.length === 0) continue;
    const from = r.pick(sources);
    const start = r.int(since, now - HOUR);
    const seconds = r.int(6, 40);
    const end = start + (seconds + r.int(2, 8)) * 1000;
    const text = `Migrating VM ${vm.row.name} from Host ${from.row.name} to Host ${to.row.name}`;
    const j = job(text, 'Finished', admin, [
      ['Validating', 'Validating', start, start + 1000],
      ['Executing', text, start + 1000, end - 1000],
      ['Finalizing', 'Finalizing', end - 1000, end],
    ]);
    log(
      start,
      'Normal',
      'VM_MIGRATION_START',
      `Migration started (VM: ${vm.row.name}, Source: ${from.row.name}, Destination: ${to.row.name}, User: ${loginName(admin)}).`,
      { vm, host: from, user: admin, job: j },
    );
    log(
      end,
      'Normal',
      'VM_MIGRATION_DONE',
      `Migration completed (VM: ${vm.row.name}, Source: ${from.row.name}, Destination: ${to.row.name}, Duration: ${seconds} seconds, Total: ${Math.round((end - start) / 1000)} seconds, Actual downtime: ${r.int(40, 400)}ms)`,
      { vm, host: to, user: admin, job: j },
    );
  }

  // Hosts under pressure, and hosts that are not Up.
  for (const host of infra.hosts) {
    const row = host.row;
    const cluster = host.cluster;
    if (row.status === 'Up' && row.cpu_usage > 80) {
      log(
        now - r.int(5, 120) * MINUTE,
        'Warning',
        'VDS_HIGH_CPU_USE',
        `Used CPU rate of host ${row.name} [${row.cpu_usage}%] exceeded defined threshold [80%].`,
        { host },
      );
      // The balancer tried to move a VM off the busy host and the migration failed.
      const vm = work.vms.find((v) => v.host === host && v.row.status === 'Up');
      const targets = upHosts(cluster, host);
      if (vm && targets.length > 0) {
        const to = r.pick(targets);
        const start = now - r.int(30, 180) * MINUTE;
        const end = start + r.int(20, 120) * 1000;
        const text = `Migrating VM ${vm.row.name} from Host ${row.name} to Host ${to.row.name}`;
        const j = job(text, 'Failed', 'SYSTEM', [
          ['Validating', 'Validating', start, start + 1000],
          ['Executing', text, start + 1000, end],
        ]);
        log(
          end,
          'Error',
          'VM_MIGRATION_FAILED',
          `Migration failed (VM: ${vm.row.name}, Source: ${row.name}, Destination: ${to.row.name}).`,
          { vm, host, job: j },
        );
      }
    }
    if (row.status === 'Up' && row.mem_usage >= 90) {
      log(
        now - r.int(5, 240) * MINUTE,
        'Warning',
        'VDS_HIGH_MEM_USE',
        `Used memory of host ${row.name} in cluster ${cluster.row.name} [${row.mem_usage}%] exceeded defined threshold [90%].`,
        { host },
      );
    }
    const boot = Date.parse(row.boot_time ?? row.created_at);
    if (row.status === 'Maintenance') {
      const at = inWindow(boot - r.int(10, 40) * MINUTE);
      const text = `Moving Host ${row.name} to Maintenance`;
      const j = job(text, 'Finished', admin, [
        ['Validating', 'Validating', at - 2000, at - 1000],
        ['Executing', text, at - 1000, at],
      ]);
      log(
        at,
        'Normal',
        'USER_VDS_MAINTENANCE',
        `Host ${row.name} was switched to Maintenance mode by ${loginName(admin)}.`,
        { host, user: admin, job: j },
      );
    } else if (row.status === 'NonOperational') {
      const missing = host.missingNetwork?.row.name ?? 'ovirtmgmt';
      log(
        now - r.int(60, 2 * 24 * 60) * MINUTE,
        'Error',
        'VDS_SET_NONOPERATIONAL_NETWORK',
        `Host ${row.name} does not comply with the cluster ${cluster.row.name} networks, the following networks are missing on host: '${missing}'`,
        { host },
      );
    } else if (row.status === 'NonResponsive') {
      const at = now - r.int(10, 24 * 60) * MINUTE;
      log(at, 'Error', 'VDS_FAILURE', `Host ${row.name} is non responsive.`, { host });
      log(
        at + 30_000,
        'Alert',
        'VDS_ALERT_FENCE_IS_NOT_CONFIGURED',
        `Failed to verify Power Management configuration for Host ${row.name}.`,
        { host },
      );
    } else if (row.status === 'Up' && boot >= since) {
      log(
        Math.min(now, boot + r.int(2, 6) * MINUTE),
        'Normal',
        'VDS_DETECTED',
        `Status of host ${row.name} was set to Up.`,
        { host },
      );
    }
  }
  const noPowerManagement = r.sample(
    infra.hosts.filter((h) => h.row.status === 'Up'),
    Math.max(1, Math.round(infra.hosts.length * 0.03)),
  );
  for (const host of noPowerManagement) {
    log(
      r.int(since, now),
      'Alert',
      'VDS_ALERT_FENCE_IS_NOT_CONFIGURED',
      `Failed to verify Power Management configuration for Host ${host.row.name}.`,
      { host },
    );
  }

  // Gluster: a brick comes back when its host has been rebooted.
  for (const brick of infra.glusterBricks) {
    const host = must(
      infra.hosts.find((h) => h.row.id === brick.host_id),
      'brick host',
    );
    const boot = Date.parse(host.row.boot_time ?? '');
    if (boot >= since) {
      log(
        Math.min(now, boot + r.int(3, 8) * MINUTE),
        'Normal',
        'GLUSTER_BRICK_STATUS_CHANGED',
        `Detected change in status of brick ${host.row.address}:${brick.directory} of volume ${infra.glusterVolume.name} of cluster ${infra.glusterCluster.row.name} from DOWN to UP via cli.`,
        { host, volume: infra.glusterVolume },
      );
    }
  }

  // Storage filling up: oVirt repeats the warning while the domain stays low.
  for (const dc of infra.dcs) {
    for (const domain of dc.dataDomains) {
      const free = domain.total_gb - domain.used_gb;
      if (free >= domain.total_gb * 0.1) continue;
      const critical = free < domain.total_gb * 0.05;
      for (let t = since + r.real(0, 12) * HOUR; t < now; t += 12 * HOUR) {
        const gb = Math.round(
          free + r.real(0, 0.02) * domain.total_gb * ((now - t) / (EVENT_WINDOW_DAYS * DAY)),
        );
        log(
          t,
          critical ? 'Error' : 'Warning',
          critical ? 'IRS_DISK_SPACE_LOW_ERROR' : 'IRS_DISK_SPACE_LOW',
          `${critical ? 'Critical' : 'Warning'}, Low disk space. ${domain.name} domain has ${gb} GB of free space.`,
          { domain },
        );
      }
    }
  }

  // Snapshots taken and VMs created in the window, each through a job.
  for (const vm of work.vms) {
    const user = vm.owner ?? admin;
    for (const snap of vm.snapshots) {
      const done = Date.parse(snap.created_at);
      if (done < since) continue;
      const start = done - r.int(5, 60) * 1000;
      const text = `Creating VM Snapshot ${snap.description} for VM ${vm.row.name}`;
      const j = job(text, 'Finished', user, [
        ['Validating', 'Validating', start, start + 1000],
        ['Executing', text, start + 1000, done],
      ]);
      log(
        start,
        'Normal',
        'USER_CREATE_SNAPSHOT',
        `Snapshot '${snap.description}' creation for VM '${vm.row.name}' was initiated by ${loginName(user)}.`,
        { vm, user, job: j },
      );
      log(
        done,
        'Normal',
        'USER_CREATE_SNAPSHOT_FINISHED_SUCCESS',
        `Snapshot '${snap.description}' creation for VM '${vm.row.name}' has been completed.`,
        { vm, user, job: j },
      );
    }
    const created = Date.parse(vm.row.created_at);
    if (created >= since && vm.pool === null) {
      const text = `Creating VM ${vm.row.name}`;
      const j = job(text, 'Finished', admin, [
        ['Validating', 'Validating', created - 3000, created - 2000],
        ['Executing', text, created - 2000, created],
      ]);
      log(
        created,
        'Normal',
        'USER_ADD_VM',
        `VM ${vm.row.name} was created by ${loginName(admin)}.`,
        { vm, user: admin, job: j },
      );
    }
  }

  // The audit log reads in time order, and its bigserial ids follow insertion order.
  const auditEvents = events
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].time.localeCompare(b[0].time) || a[1] - b[1])
    .map(([e]) => e);
  jobs.sort((a, b) => a.start_time.localeCompare(b.start_time));
  return { auditEvents, jobs, jobSteps };
}
