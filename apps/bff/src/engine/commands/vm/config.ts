// Checks a VM's configuration against the store: names, storage domains, networks,
// templates. Each refusal names the form field it belongs to.
import type { Db } from '../../../store/index.js';
import type { ClusterRow } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';

export async function requireFreeVmName(db: Db, name: string, except?: string): Promise<void> {
  const [taken] = await db.query(
    `SELECT 1 FROM vm WHERE lower(name) = lower($1) AND id IS DISTINCT FROM $2::uuid`,
    [name, except ?? null],
  );
  if (taken) refuse(`A VM named ${name} already exists.`, 'name');
}

export async function requireFreeTemplateName(db: Db, name: string): Promise<void> {
  const [taken] = await db.query(`SELECT 1 FROM template WHERE lower(name) = lower($1)`, [name]);
  if (taken) refuse(`A template named ${name} already exists.`, 'name');
}

export async function clusterFor(
  db: Db,
  clusterId: string,
  field = 'clusterId',
): Promise<ClusterRow> {
  const [cluster] = await db.query<ClusterRow>(
    `SELECT id, name, data_center_id, mem_overcommit, fencing_enabled, virt_service
       FROM cluster WHERE id = $1`,
    [clusterId],
  );
  if (!cluster) refuse('The cluster does not exist.', field);
  if (!cluster.virt_service)
    refuse(`Cluster ${cluster.name} has no virt service; VMs cannot run there.`, field);
  return cluster;
}

/** A template new VMs are made from (New VM, a pool's VMs). */
export interface TemplateRow {
  id: string;
  name: string;
  status: string;
  os: string;
  vm_type: string;
  memory_mb: number;
  vcpus: number;
  display: 'SPICE' | 'VNC';
  data_center_id: string | null;
}

/** A template's disk, with its storage domain and its top volume (the image to copy or layer on). */
export interface TemplateDisk {
  id: string;
  volume_id: string | null;
  alias: string;
  storage_domain_id: string;
  domain: string;
  domain_status: string;
  size_gb: number;
  format: string;
  interface: string;
  sparse: boolean;
  path: string | null;
}

/**
 * The template and its disks, refused (on `templateId`) when it does not exist, is not
 * OK or belongs to another data center than the cluster. Whether its disks can be copied
 * or layered on is the caller's to check.
 */
export async function templateFor(
  db: Db,
  cluster: ClusterRow,
  templateId: string,
): Promise<{ template: TemplateRow; disks: TemplateDisk[] }> {
  const [template] = await db.query<TemplateRow>(
    `SELECT t.id, t.name, t.status, t.os, t.vm_type, t.memory_mb, t.vcpus, t.display,
            c.data_center_id
       FROM template t LEFT JOIN cluster c ON c.id = t.cluster_id WHERE t.id = $1`,
    [templateId],
  );
  if (!template) refuse('The template does not exist.', 'templateId');
  if (template.status !== 'OK')
    refuse(`Template ${template.name} is ${template.status}; wait until it is OK.`, 'templateId');
  if (template.data_center_id && template.data_center_id !== cluster.data_center_id)
    refuse(
      `Template ${template.name} belongs to another data center than Cluster ${cluster.name}.`,
      'templateId',
    );
  const disks = await db.query<TemplateDisk>(
    `SELECT d.id, d.alias, d.storage_domain_id, sd.name AS domain, sd.status AS domain_status,
            d.size_gb, d.format, d.interface, d.sparse, top.id AS volume_id, top.path
       FROM disk d JOIN storage_domain sd ON sd.id = d.storage_domain_id
       LEFT JOIN LATERAL (
         SELECT v.id, v.path FROM disk_volume v WHERE v.disk_id = d.id
            AND NOT EXISTS (SELECT 1 FROM disk_volume c WHERE c.parent_id = v.id AND c.disk_id = d.id)
          LIMIT 1) top ON true
      WHERE d.template_id = $1 ORDER BY d.alias`,
    [template.id],
  );
  return { template, disks };
}

interface DomainRow {
  id: string;
  name: string;
  data_center_id: string | null;
  domain_type: string;
  status: string;
  total_gb: number;
  used_gb: number;
}

/** A disk's storage domain: a Data domain, Active, in the cluster's data center, with room. */
export async function requireDiskDomain(
  db: Db,
  cluster: ClusterRow,
  storageDomainId: string,
  disk: { sizeGb: number; format: string },
  field: string,
): Promise<DomainRow> {
  const [sd] = await db.query<DomainRow>(
    `SELECT id, name, data_center_id, domain_type, status, total_gb, used_gb
       FROM storage_domain WHERE id = $1`,
    [storageDomainId],
  );
  if (!sd) refuse('The storage domain does not exist.', field);
  if (sd.domain_type !== 'Data')
    refuse(
      `Storage domain ${sd.name} is an ${sd.domain_type} domain; disks go on Data domains.`,
      field,
    );
  if (sd.data_center_id !== cluster.data_center_id)
    refuse(
      `Storage domain ${sd.name} is not in the data center of Cluster ${cluster.name}.`,
      field,
    );
  if (sd.status !== 'Active') refuse(`Storage domain ${sd.name} is not Active.`, field);
  // A preallocated disk takes its whole size at once; a thin one grows as it is written.
  const free = Math.floor(sd.total_gb - sd.used_gb);
  if (disk.format === 'RAW' && disk.sizeGb > free)
    refuse(
      `Storage domain ${sd.name} has ${free} GB free; a preallocated ${disk.sizeGb} GB disk does not fit.`,
      field,
    );
  return sd;
}

/** A NIC's network: a VM network of the cluster's data center, attached to the cluster. */
export async function requireVmNetwork(
  db: Db,
  cluster: ClusterRow,
  networkId: string,
  field: string,
): Promise<{ id: string; name: string }> {
  const [net] = await db.query<{
    id: string;
    name: string;
    vm_network: boolean;
    attached: boolean;
  }>(
    `SELECT n.id, n.name, n.vm_network,
            EXISTS (SELECT 1 FROM cluster_network cn
                     WHERE cn.network_id = n.id AND cn.cluster_id = $2) AS attached
       FROM network n WHERE n.id = $1`,
    [networkId, cluster.id],
  );
  if (!net) refuse('The network does not exist.', field);
  if (!net.attached)
    refuse(`Network ${net.name} is not attached to Cluster ${cluster.name}.`, field);
  if (!net.vm_network) refuse(`Network ${net.name} is not a VM network.`, field);
  return net;
}
