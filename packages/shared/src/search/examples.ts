/** SEARCH.md's "examples that must work", word for word. */
export const SEARCH_MD_EXAMPLES: readonly string[] = [
  'Vms: status = up and cpu_usage > 80 sortby cpu_usage desc',
  'Vms: cluster = Default and host = rhev-2* page 2',
  'Vms: os = windows* or name = RHEL*',
  'Hosts: status = maintenance or status = nonoperational',
  'Hosts: cluster = Default and mem_usage >= 90',
  'Events: severity = error sortby time desc',
  'Storage: datacenter != Default',
  'Volumes: type = replicate and status = up',
];

/** SEARCH.md's cross-object conditions that the demo data center can answer. */
export const CROSS_OBJECT_EXAMPLES: readonly string[] = [
  'DataCenter: Clusters.name = Default',
  'Hosts: Vms.status = up',
  'Host: Events.severity = error and cpu_usage > 80',
];
