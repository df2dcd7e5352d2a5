// Guest operating systems by their oVirt ids (what `vm.os` stores), with the names the
// New VM dialog shows.
export const OPERATING_SYSTEMS = [
  { id: 'other', label: 'Other OS' },
  { id: 'other_linux', label: 'Linux' },
  { id: 'rhel_7x64', label: 'Red Hat Enterprise Linux 7.x x64' },
  { id: 'rhel_8x64', label: 'Red Hat Enterprise Linux 8.x x64' },
  { id: 'rhel_9x64', label: 'Red Hat Enterprise Linux 9.x x64' },
  { id: 'fedora_38', label: 'Fedora 38' },
  { id: 'debian_12', label: 'Debian 12' },
  { id: 'ubuntu_22_04', label: 'Ubuntu 22.04 LTS' },
  { id: 'windows_10', label: 'Windows 10' },
  { id: 'windows_11', label: 'Windows 11' },
  { id: 'windows_2019x64', label: 'Windows Server 2019' },
  { id: 'windows_2022', label: 'Windows Server 2022' },
] as const;
export type OperatingSystemId = (typeof OPERATING_SYSTEMS)[number]['id'];
export const OPERATING_SYSTEM_IDS = OPERATING_SYSTEMS.map((o) => o.id) as [
  OperatingSystemId,
  ...OperatingSystemId[],
];
