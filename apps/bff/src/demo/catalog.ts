// The vocabulary of the demo fleet: what real oVirt / RHV installations are made of
// (site names, server CPUs, guest operating systems by oVirt's OS ids, the kind of VMs
// a company runs, people and their departments). Only data here; the generator draws
// from it.
import type { DisplayProtocol, VmType } from '@corral/shared';

/** The first data center is oVirt's default one: the search examples name it. */
export const DATA_CENTER_NAMES = [
  'Default',
  'Boston',
  'Brno',
  'Raleigh',
  'Frankfurt',
  'Singapore',
  'Tel-Aviv',
  'Bangalore',
] as const;

export const DATA_CENTER_DESCRIPTIONS: Record<string, string> = {
  Default: 'Headquarters data center',
  Boston: 'East coast site',
  Brno: 'European engineering site',
  Raleigh: 'Disaster-recovery site',
  Frankfurt: 'EU customer workloads',
  Singapore: 'APAC site',
  'Tel-Aviv': 'R&D site',
  Bangalore: 'Development and QA site',
};

/** Clusters after a site's first, named `<site>-<suffix>` (in Default: just the suffix). */
export const CLUSTER_SUFFIXES = ['Prod', 'Dev', 'Test', 'VDI', 'Batch', 'Compute', 'Edge'] as const;

export const HCI_CLUSTER_NAME = 'HCI';

export interface CpuModel {
  readonly model: string;
  /** Cores per socket. */
  readonly cores: number;
  /** Sockets a server of this model usually has. */
  readonly sockets: readonly number[];
}

export interface CpuFamily {
  /** oVirt's cluster CPU type: every host of the cluster must support at least this. */
  readonly clusterCpuType: string;
  readonly models: readonly CpuModel[];
}

export const CPU_FAMILIES: readonly CpuFamily[] = [
  {
    clusterCpuType: 'Intel Skylake Server Family',
    models: [
      { model: 'Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz', cores: 20, sockets: [2] },
      { model: 'Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz', cores: 12, sockets: [2] },
      { model: 'Intel(R) Xeon(R) Gold 6248R CPU @ 3.00GHz', cores: 24, sockets: [2] },
    ],
  },
  {
    clusterCpuType: 'Intel Icelake Server Family',
    models: [
      { model: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', cores: 32, sockets: [2] },
      { model: 'Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz', cores: 16, sockets: [2] },
      { model: 'Intel(R) Xeon(R) Platinum 8358 CPU @ 2.60GHz', cores: 32, sockets: [2] },
    ],
  },
  {
    clusterCpuType: 'AMD EPYC',
    models: [
      { model: 'AMD EPYC 7543 32-Core Processor', cores: 32, sockets: [1, 2] },
      { model: 'AMD EPYC 7313 16-Core Processor', cores: 16, sockets: [2] },
      { model: 'AMD EPYC 7443 24-Core Processor', cores: 24, sockets: [1, 2] },
    ],
  },
  {
    clusterCpuType: 'Intel Broadwell Family',
    models: [
      { model: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', cores: 14, sockets: [2] },
      { model: 'Intel(R) Xeon(R) CPU E5-2650 v4 @ 2.20GHz', cores: 12, sockets: [2] },
    ],
  },
];

/** Host RAM in GB, with how common each size is. */
export const HOST_MEMORY_GB: readonly (readonly [number, number])[] = [
  [128, 1],
  [192, 2],
  [256, 3],
  [384, 3],
  [512, 2],
  [768, 1],
];

export interface HostSoftware {
  readonly os: string;
  readonly kvm: string;
  readonly libvirt: string;
}

export const HOST_SOFTWARE: readonly (readonly [HostSoftware, number])[] = [
  [{ os: 'oVirt Node 4.5.5', kvm: '6.2.0-20.el8', libvirt: 'libvirt-8.0.0-10.el8' }, 4],
  [{ os: 'RHEL - 8.9 - 1.el8', kvm: '6.2.0-40.el8', libvirt: 'libvirt-8.0.0-22.el8' }, 3],
  [{ os: 'CentOS Stream - 9 - 1.el9', kvm: '8.2.0-11.el9', libvirt: 'libvirt-10.0.0-6.el9' }, 2],
];

/** Vendor prefixes of onboard and add-in server NICs. */
export const NIC_OUIS = {
  onboard: ['b4:96:91', 'ec:eb:b8', '00:0a:f7'],
  addIn: ['0c:42:a1', '3c:fd:fe', 'b8:59:9f'],
} as const;

/** oVirt's default MAC pool starts here. */
export const VM_MAC_POOL_START = '56:6f:c6:d1:00:00';

export type NetworkKey = 'ovirtmgmt' | 'storage' | 'prod' | 'dev' | 'dmz' | 'desktops' | 'backup';

export interface NetworkSpec {
  readonly key: NetworkKey;
  readonly vlan: number | null;
  readonly mtu: number;
  readonly vmNetwork: boolean;
  readonly description: string;
  /** The subnet is 10.(16 × data center index + this).0.0/16. */
  readonly octet: number;
}

export const NETWORK_SPECS: readonly NetworkSpec[] = [
  {
    key: 'ovirtmgmt',
    vlan: null,
    mtu: 1500,
    vmNetwork: true,
    octet: 0,
    description: 'Management Network',
  },
  {
    key: 'storage',
    vlan: 20,
    mtu: 9000,
    vmNetwork: false,
    octet: 1,
    description: 'Storage and Gluster traffic',
  },
  { key: 'prod', vlan: 100, mtu: 1500, vmNetwork: true, octet: 2, description: 'Production VMs' },
  {
    key: 'dev',
    vlan: 200,
    mtu: 1500,
    vmNetwork: true,
    octet: 3,
    description: 'Development and test VMs',
  },
  {
    key: 'dmz',
    vlan: 300,
    mtu: 1500,
    vmNetwork: true,
    octet: 4,
    description: 'Internet-facing services',
  },
  {
    key: 'desktops',
    vlan: 400,
    mtu: 1500,
    vmNetwork: true,
    octet: 5,
    description: 'Virtual desktops',
  },
  { key: 'backup', vlan: 500, mtu: 9000, vmNetwork: true, octet: 6, description: 'Backup traffic' },
];

/** What the guest agent reports as installed, per oVirt OS id. */
export const GUEST_BASE_APPS: Record<string, readonly string[]> = {
  rhel_9x64: ['kernel-5.14.0-427.13.1.el9_4.x86_64', 'qemu-guest-agent-8.2.0-11.el9_4'],
  rhel_8x64: ['kernel-4.18.0-513.24.1.el8_9.x86_64', 'qemu-guest-agent-6.2.0-41.el8'],
  rhel_7x64: [
    'kernel-3.10.0-1160.118.1.el7.x86_64',
    'qemu-guest-agent-2.12.0-3.el7',
    'ovirt-guest-agent-common-1.0.16-1.el7',
  ],
  fedora_38: ['kernel-6.8.9-100.fc38.x86_64', 'qemu-guest-agent-7.2.10-1.fc38'],
  other_linux: ['qemu-guest-agent-7.2.0'],
  windows_10: ['QEMU guest agent', 'Virtio-win-guest-tools 0.1.240'],
  windows_11: ['QEMU guest agent', 'Virtio-win-guest-tools 0.1.240'],
  windows_2019x64: ['QEMU guest agent', 'Virtio-win-guest-tools 0.1.240'],
  windows_2022: ['QEMU guest agent', 'Virtio-win-guest-tools 0.1.240'],
};

export type Environment = 'prod' | 'dev' | 'test';

export interface VmRole {
  readonly key: string;
  /** Name before the number: `web-` + `01`. */
  readonly prefix: string;
  /**
   * Least digits of the number (zero-padded); more when a role has more VMs than that
   * fits. 0: not padded at all (`RHEL7-build-5`).
   */
  readonly pad: number;
  readonly vmType: VmType;
  readonly description: string;
  /** oVirt OS ids with their weights. */
  readonly os: readonly (readonly [string, number])[];
  readonly vcpus: readonly number[];
  readonly memoryGb: readonly number[];
  readonly env: Environment;
  /** A child tag of `team`. */
  readonly team: string;
  readonly haShare: number;
  readonly network: NetworkKey;
  /** A second NIC, on this network, for this share of the role's VMs. */
  readonly secondNic?: { readonly network: NetworkKey; readonly share: number };
  readonly bootDiskGb: readonly [number, number];
  readonly dataDisk?: { readonly gb: readonly [number, number]; readonly share: number };
  readonly apps: readonly string[];
  /** Guest CPU load: mean and spread in %, and the share of VMs that run hot (> 80%). */
  readonly cpu: { readonly mean: number; readonly sd: number; readonly hotShare: number };
  readonly netMean: number;
  readonly display: DisplayProtocol;
  /** Relative number of VMs among servers. */
  readonly weight: number;
}

export const SERVER_ROLES: readonly VmRole[] = [
  {
    key: 'web',
    prefix: 'web-',
    pad: 2,
    vmType: 'Server',
    description: 'Web front end',
    os: [
      ['rhel_9x64', 3],
      ['rhel_8x64', 2],
    ],
    vcpus: [2, 4],
    memoryGb: [4, 8],
    env: 'prod',
    team: 'web',
    haShare: 0.3,
    network: 'dmz',
    secondNic: { network: 'prod', share: 0.8 },
    bootDiskGb: [20, 40],
    apps: ['httpd-2.4.57', 'mod_ssl-2.4.57', 'php-8.1.27'],
    cpu: { mean: 8, sd: 6, hotShare: 0.03 },
    netMean: 14,
    display: 'VNC',
    weight: 14,
  },
  {
    key: 'app',
    prefix: 'app-',
    pad: 2,
    vmType: 'Server',
    description: 'Application server',
    os: [
      ['rhel_9x64', 3],
      ['rhel_8x64', 1],
    ],
    vcpus: [4, 8],
    memoryGb: [8, 16],
    env: 'prod',
    team: 'web',
    haShare: 0.2,
    network: 'prod',
    bootDiskGb: [30, 50],
    dataDisk: { gb: [50, 200], share: 0.3 },
    apps: ['java-17-openjdk-17.0.11', 'wildfly-30.0.1'],
    cpu: { mean: 12, sd: 8, hotShare: 0.03 },
    netMean: 8,
    display: 'VNC',
    weight: 12,
  },
  {
    key: 'db-prod',
    prefix: 'db-prod-',
    pad: 2,
    vmType: 'Server',
    description: 'PostgreSQL database (production)',
    os: [
      ['rhel_8x64', 2],
      ['rhel_9x64', 2],
    ],
    vcpus: [8, 16],
    memoryGb: [32, 64],
    env: 'prod',
    team: 'dba',
    haShare: 0.9,
    network: 'prod',
    secondNic: { network: 'backup', share: 1 },
    bootDiskGb: [40, 60],
    dataDisk: { gb: [200, 1500], share: 1 },
    apps: ['postgresql-server-15.6', 'pgbackrest-2.51'],
    cpu: { mean: 20, sd: 10, hotShare: 0.05 },
    netMean: 6,
    display: 'VNC',
    weight: 4,
  },
  {
    key: 'db-dev',
    prefix: 'db-dev-',
    pad: 2,
    vmType: 'Server',
    description: 'Database (development)',
    os: [
      ['rhel_9x64', 2],
      ['rhel_8x64', 1],
    ],
    vcpus: [4, 8],
    memoryGb: [8, 16],
    env: 'dev',
    team: 'dba',
    haShare: 0,
    network: 'dev',
    bootDiskGb: [30, 40],
    dataDisk: { gb: [100, 400], share: 1 },
    apps: ['postgresql-server-15.6', 'mariadb-server-10.5.22'],
    cpu: { mean: 6, sd: 5, hotShare: 0.02 },
    netMean: 2,
    display: 'VNC',
    weight: 4,
  },
  {
    key: 'build',
    prefix: 'RHEL7-build-',
    pad: 0,
    vmType: 'Server',
    description: 'RHEL 7 package build worker',
    os: [['rhel_7x64', 1]],
    vcpus: [8, 16],
    memoryGb: [16, 32],
    env: 'dev',
    team: 'build',
    haShare: 0,
    network: 'dev',
    bootDiskGb: [60, 100],
    apps: ['gcc-4.8.5', 'rpm-build-4.11.3', 'mock-1.4.21'],
    cpu: { mean: 30, sd: 20, hotShare: 0.25 },
    netMean: 5,
    display: 'VNC',
    weight: 5,
  },
  {
    key: 'ci',
    prefix: 'fedora-ci-',
    pad: 2,
    vmType: 'Server',
    description: 'Fedora CI runner',
    os: [['fedora_38', 1]],
    vcpus: [4, 8],
    memoryGb: [8, 16],
    env: 'dev',
    team: 'build',
    haShare: 0,
    network: 'dev',
    bootDiskGb: [40, 80],
    apps: ['gitlab-runner-16.11.0', 'podman-4.9.4'],
    cpu: { mean: 20, sd: 15, hotShare: 0.1 },
    netMean: 6,
    display: 'VNC',
    weight: 4,
  },
  {
    key: 'k8s',
    prefix: 'k8s-node-',
    pad: 2,
    vmType: 'Server',
    description: 'Kubernetes worker node',
    os: [['rhel_9x64', 1]],
    vcpus: [8, 16],
    memoryGb: [32, 64],
    env: 'prod',
    team: 'infra',
    haShare: 0,
    network: 'prod',
    bootDiskGb: [100, 120],
    apps: ['kubelet-1.28.9', 'cri-o-1.28.6'],
    cpu: { mean: 18, sd: 10, hotShare: 0.04 },
    netMean: 10,
    display: 'VNC',
    weight: 8,
  },
  {
    key: 'win-ad',
    prefix: 'win-ad-',
    pad: 2,
    vmType: 'Server',
    description: 'Active Directory domain controller',
    os: [
      ['windows_2019x64', 2],
      ['windows_2022', 1],
    ],
    vcpus: [2, 4],
    memoryGb: [4, 8],
    env: 'prod',
    team: 'infra',
    haShare: 1,
    network: 'prod',
    bootDiskGb: [60, 80],
    apps: ['Active Directory Domain Services', 'DNS Server'],
    cpu: { mean: 4, sd: 3, hotShare: 0 },
    netMean: 3,
    display: 'SPICE',
    weight: 2,
  },
  {
    key: 'win-sql',
    prefix: 'win-sql-',
    pad: 2,
    vmType: 'Server',
    description: 'Microsoft SQL Server',
    os: [
      ['windows_2019x64', 1],
      ['windows_2022', 1],
    ],
    vcpus: [8, 16],
    memoryGb: [32, 64],
    env: 'prod',
    team: 'dba',
    haShare: 0.8,
    network: 'prod',
    secondNic: { network: 'backup', share: 0.7 },
    bootDiskGb: [80, 120],
    dataDisk: { gb: [250, 1000], share: 1 },
    apps: ['Microsoft SQL Server 2019 (64-bit)', 'SQL Server Management Studio 19.3'],
    cpu: { mean: 15, sd: 8, hotShare: 0.05 },
    netMean: 5,
    display: 'SPICE',
    weight: 3,
  },
  {
    key: 'win-app',
    prefix: 'win-app-',
    pad: 2,
    vmType: 'Server',
    description: 'Windows application server',
    os: [
      ['windows_2022', 2],
      ['windows_2019x64', 1],
    ],
    vcpus: [4],
    memoryGb: [8, 16],
    env: 'prod',
    team: 'web',
    haShare: 0.2,
    network: 'prod',
    bootDiskGb: [60, 100],
    apps: ['Internet Information Services 10.0', 'Microsoft .NET Runtime 8.0.4'],
    cpu: { mean: 8, sd: 5, hotShare: 0.02 },
    netMean: 6,
    display: 'SPICE',
    weight: 4,
  },
  {
    key: 'mon',
    prefix: 'mon-',
    pad: 2,
    vmType: 'Server',
    description: 'Monitoring (Prometheus, Grafana)',
    os: [['rhel_9x64', 1]],
    vcpus: [4],
    memoryGb: [8, 16],
    env: 'prod',
    team: 'infra',
    haShare: 0.5,
    network: 'prod',
    bootDiskGb: [40, 60],
    dataDisk: { gb: [200, 500], share: 1 },
    apps: ['prometheus-2.45.0', 'grafana-10.2.6'],
    cpu: { mean: 10, sd: 5, hotShare: 0 },
    netMean: 5,
    display: 'VNC',
    weight: 2,
  },
  {
    key: 'lb',
    prefix: 'lb-',
    pad: 2,
    vmType: 'Server',
    description: 'Load balancer appliance',
    os: [['other_linux', 1]],
    vcpus: [2],
    memoryGb: [2, 4],
    env: 'prod',
    team: 'infra',
    haShare: 1,
    network: 'dmz',
    secondNic: { network: 'prod', share: 1 },
    bootDiskGb: [8, 16],
    apps: ['haproxy-2.4.22'],
    cpu: { mean: 6, sd: 4, hotShare: 0 },
    netMean: 25,
    display: 'VNC',
    weight: 2,
  },
  {
    key: 'test',
    prefix: 'qa-',
    pad: 2,
    vmType: 'Server',
    description: 'QA test machine',
    os: [
      ['rhel_9x64', 2],
      ['rhel_8x64', 1],
      ['other_linux', 1],
      ['windows_2019x64', 1],
    ],
    vcpus: [2, 4],
    memoryGb: [4, 8],
    env: 'test',
    team: 'qa',
    haShare: 0,
    network: 'dev',
    bootDiskGb: [20, 60],
    apps: [],
    cpu: { mean: 5, sd: 5, hotShare: 0.02 },
    netMean: 2,
    display: 'VNC',
    weight: 6,
  },
];

/** Personal desktops (one per person), not in a pool. */
export const PERSONAL_DESKTOP_ROLES: readonly VmRole[] = [
  {
    key: 'win11-ws',
    prefix: 'win11-ws-',
    pad: 2,
    vmType: 'Desktop',
    description: 'Personal Windows 11 desktop',
    os: [['windows_11', 1]],
    vcpus: [2, 4],
    memoryGb: [8],
    env: 'prod',
    team: 'vdi',
    haShare: 0,
    network: 'desktops',
    bootDiskGb: [80, 120],
    apps: [
      'Microsoft Office Professional Plus 2021',
      'Microsoft Edge',
      'Mozilla Firefox (x64 en-US)',
    ],
    cpu: { mean: 6, sd: 5, hotShare: 0.02 },
    netMean: 3,
    display: 'SPICE',
    weight: 7,
  },
  {
    key: 'fedora-ws',
    prefix: 'fedora-ws-',
    pad: 2,
    vmType: 'Desktop',
    description: 'Personal Fedora workstation',
    os: [['fedora_38', 1]],
    vcpus: [4],
    memoryGb: [8, 16],
    env: 'dev',
    team: 'vdi',
    haShare: 0,
    network: 'desktops',
    bootDiskGb: [60, 100],
    apps: ['firefox-125.0.3', 'libreoffice-core-7.5.9.2'],
    cpu: { mean: 6, sd: 5, hotShare: 0.02 },
    netMean: 3,
    display: 'SPICE',
    weight: 3,
  },
];

/** Desktop pools: VMs named `<pool>-042`, stateless, handed to whoever logs in. */
export const POOL_ROLES: readonly (VmRole & {
  /** Share of the pooled desktops. */
  readonly poolShare: number;
  readonly poolDescription: string;
})[] = [
  {
    key: 'win10-desk',
    prefix: 'win10-desk',
    pad: 3,
    vmType: 'Desktop',
    description: 'Pooled Windows 10 desktop',
    os: [['windows_10', 1]],
    vcpus: [2],
    memoryGb: [4],
    env: 'prod',
    team: 'vdi',
    haShare: 0,
    network: 'desktops',
    bootDiskGb: [60, 60],
    apps: ['Microsoft Office Professional Plus 2019', 'Google Chrome'],
    cpu: { mean: 5, sd: 4, hotShare: 0.01 },
    netMean: 2,
    display: 'SPICE',
    weight: 0,
    poolShare: 0.75,
    poolDescription: 'Windows 10 desktops for office staff',
  },
  {
    key: 'fedora-desk',
    prefix: 'fedora-desk',
    pad: 3,
    vmType: 'Desktop',
    description: 'Pooled Fedora desktop',
    os: [['fedora_38', 1]],
    vcpus: [2],
    memoryGb: [4],
    env: 'dev',
    team: 'vdi',
    haShare: 0,
    network: 'desktops',
    bootDiskGb: [40, 40],
    apps: ['firefox-125.0.3'],
    cpu: { mean: 4, sd: 3, hotShare: 0.01 },
    netMean: 2,
    display: 'SPICE',
    weight: 0,
    poolShare: 0.25,
    poolDescription: 'Fedora desktops for developers',
  },
];

/** oVirt caps a pool at 1,000 VMs. */
export const MAX_POOL_SIZE = 1000;

/** Shares of all VMs: pooled desktops, personal desktops; the rest are servers. */
export const POOLED_DESKTOP_SHARE = 0.22;
export const PERSONAL_DESKTOP_SHARE = 0.05;

export interface TemplateSpec {
  readonly base: string;
  readonly os: string;
  readonly vmType: VmType;
  readonly memoryGb: number;
  readonly vcpus: number;
  readonly display: DisplayProtocol;
  readonly diskGb: number;
  readonly description: string;
}

export const TEMPLATE_SPECS: readonly TemplateSpec[] = [
  {
    base: 'rhel9-server',
    os: 'rhel_9x64',
    vmType: 'Server',
    memoryGb: 4,
    vcpus: 2,
    display: 'VNC',
    diskGb: 20,
    description: 'RHEL 9.4 server, cloud-init enabled',
  },
  {
    base: 'rhel8-server',
    os: 'rhel_8x64',
    vmType: 'Server',
    memoryGb: 4,
    vcpus: 2,
    display: 'VNC',
    diskGb: 20,
    description: 'RHEL 8.9 server, cloud-init enabled',
  },
  {
    base: 'rhel7-server',
    os: 'rhel_7x64',
    vmType: 'Server',
    memoryGb: 4,
    vcpus: 2,
    display: 'VNC',
    diskGb: 20,
    description: 'RHEL 7.9 server (build workers)',
  },
  {
    base: 'win2019-server',
    os: 'windows_2019x64',
    vmType: 'Server',
    memoryGb: 8,
    vcpus: 4,
    display: 'SPICE',
    diskGb: 60,
    description: 'Windows Server 2019 Standard, sysprepped',
  },
  {
    base: 'win2022-server',
    os: 'windows_2022',
    vmType: 'Server',
    memoryGb: 8,
    vcpus: 4,
    display: 'SPICE',
    diskGb: 60,
    description: 'Windows Server 2022 Standard, sysprepped',
  },
  {
    base: 'win10-desktop',
    os: 'windows_10',
    vmType: 'Desktop',
    memoryGb: 4,
    vcpus: 2,
    display: 'SPICE',
    diskGb: 60,
    description: 'Windows 10 Enterprise 22H2 with Office',
  },
  {
    base: 'win11-desktop',
    os: 'windows_11',
    vmType: 'Desktop',
    memoryGb: 8,
    vcpus: 2,
    display: 'SPICE',
    diskGb: 80,
    description: 'Windows 11 Enterprise 23H2 with Office',
  },
  {
    base: 'fedora38-workstation',
    os: 'fedora_38',
    vmType: 'Desktop',
    memoryGb: 4,
    vcpus: 2,
    display: 'SPICE',
    diskGb: 40,
    description: 'Fedora 38 Workstation',
  },
];

/** oVirt's Blank template has this fixed id in every installation. */
export const BLANK_TEMPLATE_ID = '00000000-0000-0000-0000-000000000000';

/** gluster's `group virt` (/var/lib/glusterd/groups/virt) plus the qemu owner, vdsm:kvm (36:36). */
export const GLUSTER_VIRT_OPTIONS: Readonly<Record<string, string>> = {
  'performance.quick-read': 'off',
  'performance.read-ahead': 'off',
  'performance.io-cache': 'off',
  'performance.low-prio-threads': '32',
  'network.remote-dio': 'enable',
  'cluster.eager-lock': 'enable',
  'cluster.quorum-type': 'auto',
  'cluster.server-quorum-type': 'server',
  'cluster.data-self-heal-algorithm': 'full',
  'cluster.locking-scheme': 'granular',
  'cluster.shd-max-threads': '8',
  'cluster.shd-wait-qlength': '10000',
  'features.shard': 'on',
  'user.cifs': 'off',
  'cluster.choose-local': 'off',
  'client.event-threads': '4',
  'server.event-threads': '4',
  'performance.client-io-threads': 'on',
  'storage.owner-uid': '36',
  'storage.owner-gid': '36',
  'transport.address-family': 'inet',
  'nfs.disable': 'on',
};

export const SNAPSHOT_DESCRIPTIONS = [
  'before upgrade',
  'pre-patch',
  'before kernel update',
  'baseline',
  'before config change',
  'before DB migration',
  'pre-release',
  'golden state',
] as const;

export const DEPARTMENTS = [
  'Engineering',
  'QA',
  'IT Operations',
  'Finance',
  'Sales',
  'Support',
  'Marketing',
  'HR',
] as const;

/** The people with accounts in the engine (besides admin@internal). */
export const NAMED_USERS: readonly (readonly [string, string, (typeof DEPARTMENTS)[number]])[] = [
  ['John', 'Smith', 'Engineering'],
  ['Maria', 'Garcia', 'Engineering'],
  ['Wei', 'Chen', 'Engineering'],
  ['Priya', 'Patel', 'Engineering'],
  ['Lukas', 'Novak', 'Engineering'],
  ['Aisha', 'Khan', 'Engineering'],
  ['David', 'Cohen', 'QA'],
  ['Elena', 'Petrova', 'QA'],
  ['Tomas', 'Dvorak', 'QA'],
  ['Sarah', 'Johnson', 'IT Operations'],
  ['Michael', 'Brown', 'IT Operations'],
  ['Yuki', 'Tanaka', 'IT Operations'],
  ['Carlos', 'Silva', 'IT Operations'],
  ['Emma', 'Wilson', 'Finance'],
  ['Oliver', 'Taylor', 'Finance'],
  ['Fatima', 'Haddad', 'Finance'],
  ['James', 'Anderson', 'Sales'],
  ['Sophie', 'Martin', 'Sales'],
  ['Ahmed', 'Hassan', 'Sales'],
  ['Laura', 'Rossi', 'Sales'],
  ['Daniel', 'Kim', 'Support'],
  ['Anna', 'Kowalski', 'Support'],
  ['Noah', 'Miller', 'Support'],
  ['Chloe', 'Dubois', 'Marketing'],
  ['Mateo', 'Fernandez', 'Marketing'],
  ['Hannah', 'Schmidt', 'Marketing'],
  ['Ravi', 'Sharma', 'HR'],
  ['Grace', 'Lee', 'HR'],
  ['Ivan', 'Horvat', 'Engineering'],
  ['Nora', 'Berg', 'QA'],
];

/** Directory (LDAP / AD) people who log in to pooled desktops without an engine account. */
export const DIRECTORY_FIRST_NAMES = [
  'Adam',
  'Alice',
  'Ben',
  'Bianca',
  'Caleb',
  'Clara',
  'Dmitri',
  'Diana',
  'Erik',
  'Eva',
  'Felix',
  'Fiona',
  'George',
  'Helena',
  'Hugo',
  'Irene',
  'Jakub',
  'Julia',
  'Karl',
  'Kate',
  'Leo',
  'Lina',
  'Marco',
  'Mia',
  'Nikolai',
  'Nina',
  'Oscar',
  'Olga',
  'Paul',
  'Petra',
  'Quentin',
  'Rosa',
  'Samuel',
  'Sofia',
  'Theo',
  'Tara',
  'Umar',
  'Vera',
  'Victor',
  'Zoe',
];

export const DIRECTORY_LAST_NAMES = [
  'Adams',
  'Baker',
  'Costa',
  'Dahl',
  'Evans',
  'Fischer',
  'Gomez',
  'Hughes',
  'Ito',
  'Jensen',
  'Klein',
  'Lopez',
  'Moreau',
  'Nagy',
  'Olsen',
  'Park',
  'Quinn',
  'Reyes',
  'Sato',
  'Torres',
  'Ueda',
  'Varga',
  'Walsh',
  'Young',
  'Zhang',
  'Bauer',
  'Clark',
  'Duarte',
  'Eriksen',
  'Ford',
];

/** The directory the named users come from, as oVirt shows it after the user name. */
export const DIRECTORY_DOMAIN = 'corp.example.com';

/** Tag tree: top-level tags and their children. */
export const TAG_TREE: readonly (readonly [
  string,
  string,
  readonly (readonly [string, string])[],
])[] = [
  [
    'env',
    'Environment',
    [
      ['prod', 'Production'],
      ['dev', 'Development'],
      ['test', 'Testing'],
    ],
  ],
  [
    'team',
    'Owning team',
    [
      ['web', 'Web platform'],
      ['dba', 'Database administrators'],
      ['build', 'Build and release'],
      ['infra', 'Infrastructure'],
      ['qa', 'Quality assurance'],
      ['vdi', 'Desktop services'],
    ],
  ],
  [
    'rack',
    'Physical location',
    [
      ['rack-a', 'Row A'],
      ['rack-b', 'Row B'],
      ['rack-c', 'Row C'],
      ['rack-d', 'Row D'],
    ],
  ],
  ['critical', 'Restart first after an outage', []],
];

/** Hosts per rack in the tag tree's rack-* tags. */
export const HOSTS_PER_RACK = 20;
