// Simulated hosts start from what the store says, so that after a BFF restart the VMs
// that were running are still running "on" their hosts.
import type { DisplayProtocol, HostStatus, VmStatus, VmType } from '@corral/shared';
import type { Db } from '../../store/index.js';
import type { HostAddress } from '../driver.js';
import type { SimDomainState, SimHostState } from './host.js';

/** VM statuses in which the store places a VM on its host (`vm.host_id` set, qemu running). */
export const ON_HOST_VM_STATUSES: readonly VmStatus[] = [
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'MigratingFrom',
  'MigratingTo',
  'WaitForLaunch',
  'RebootInProgress',
  'NotResponding',
  'Unknown',
  'SavingState',
  'RestoringState',
];

/** Host statuses of a machine that is off or cut off: the simulated host does not answer. */
const SILENT_HOST_STATUSES: readonly HostStatus[] = ['NonResponsive', 'Down'];

/** Guest usage the store saw is a VM's normal load only while its workload runs. */
const WORKLOAD_STATUSES: ReadonlySet<VmStatus> = new Set<VmStatus>(['Up', 'MigratingFrom']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface HostRow {
  id: string;
  status: HostStatus;
  cpu_model: string;
  cpu_sockets: number;
  cpu_cores: number;
  cpus: number;
  memory_mb: number;
  os_version: string;
  kvm_version: string;
  libvirt_version: string;
  data_center: string;
}

interface VmRow {
  id: string;
  host_id: string;
  name: string;
  status: VmStatus;
  vm_type: VmType;
  os: string;
  memory_mb: number;
  vcpus: number;
  display: DisplayProtocol;
  ip: string | null;
  fqdn: string | null;
  logged_in_user: string | null;
  applications: string[] | null;
  cpu_usage: number;
  mem_usage: number;
  net_usage: number;
  started_at: Date | string | null;
}

type Initial = (host: HostAddress) => Promise<SimHostState | undefined>;

interface Waiter {
  readonly resolve: (state: SimHostState | undefined) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * The `initial` callback for `SimDriver`, reading each host's hardware (`host` table) and
 * the VMs the store has running on it (`vm.host_id`, with memory, vCPUs, status and guest
 * details). Hosts that connect in the same turn of the event loop (the BFF connecting its
 * 2,000 hosts at start) are read together: two queries per batch, not two per host.
 */
export function simInitialFromStore(db: Db): Initial {
  let batch: Map<string, Waiter[]> | undefined;
  return (host) =>
    new Promise<SimHostState | undefined>((resolve, reject) => {
      if (!batch) {
        const mine = new Map<string, Waiter[]>();
        batch = mine;
        queueMicrotask(() => {
          batch = undefined;
          load(db, [...mine.keys()]).then(
            (states) => {
              for (const [id, waiters] of mine) for (const w of waiters) w.resolve(states.get(id));
            },
            (err: unknown) => {
              for (const waiters of mine.values()) for (const w of waiters) w.reject(err);
            },
          );
        });
      }
      const waiters = batch.get(host.id) ?? [];
      waiters.push({ resolve, reject });
      batch.set(host.id, waiters);
    });
}

async function load(db: Db, hostIds: readonly string[]): Promise<Map<string, SimHostState>> {
  const ids = hostIds.filter((id) => UUID.test(id));
  const out = new Map<string, SimHostState>();
  if (ids.length === 0) return out;
  const hosts = await db.query<HostRow>(
    `SELECT h.id, h.status, h.cpu_model, h.cpu_sockets, h.cpu_cores, h.cpus, h.memory_mb,
            h.os_version, h.kvm_version, h.libvirt_version, d.name AS data_center
       FROM host h
       JOIN cluster c ON c.id = h.cluster_id
       JOIN data_center d ON d.id = c.data_center_id
      WHERE h.id = ANY($1::uuid[])`,
    [ids],
  );
  const vms = await db.query<VmRow>(
    `SELECT id, host_id, name, status, vm_type, os, memory_mb, vcpus, display, ip, fqdn,
            logged_in_user, applications, cpu_usage, mem_usage, net_usage, started_at
       FROM vm
      WHERE host_id = ANY($1::uuid[]) AND status = ANY($2::text[])
      ORDER BY name`,
    [ids, ON_HOST_VM_STATUSES],
  );
  const domains = new Map<string, SimDomainState[]>();
  for (const vm of vms) {
    const list = domains.get(vm.host_id) ?? [];
    list.push(domainState(vm));
    domains.set(vm.host_id, list);
  }
  for (const h of hosts) {
    out.set(h.id, {
      // A host added but never installed has no hardware in the store: the sim makes it up.
      capabilities:
        h.memory_mb > 0 && h.cpus > 0
          ? {
              cpuModel: h.cpu_model,
              cpuSockets: h.cpu_sockets,
              cpuCores: h.cpu_cores,
              cpus: h.cpus,
              memoryMb: Number(h.memory_mb),
              osVersion: h.os_version,
              kvmVersion: h.kvm_version,
              libvirtVersion: h.libvirt_version,
              kvm: true,
            }
          : undefined,
      dnsDomain: `${h.data_center.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example.com`,
      answering: !SILENT_HOST_STATUSES.includes(h.status),
      domains: domains.get(h.id) ?? [],
    });
  }
  return out;
}

function domainState(vm: VmRow): SimDomainState {
  const hasGuest = vm.ip !== null || vm.fqdn !== null || (vm.applications?.length ?? 0) > 0;
  return {
    id: vm.id,
    name: vm.name,
    memoryMb: vm.memory_mb,
    vcpus: vm.vcpus,
    os: vm.os,
    vmType: vm.vm_type,
    display: vm.display,
    status: vm.status,
    guest: hasGuest
      ? {
          ips: vm.ip ? [vm.ip] : [],
          fqdn: vm.fqdn ?? undefined,
          loggedInUser: vm.logged_in_user ?? undefined,
          applications: vm.applications ?? [],
        }
      : undefined,
    usage: WORKLOAD_STATUSES.has(vm.status)
      ? { cpu: vm.cpu_usage, mem: vm.mem_usage, net: vm.net_usage }
      : undefined,
    startedAt: vm.started_at === null ? undefined : new Date(vm.started_at),
  };
}
