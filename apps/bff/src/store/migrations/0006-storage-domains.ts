// Storage domains realised on hosts (docs/storage.md): where a domain's images live on
// its hosts (the libvirt storage pool's target), its mount options, the host that holds
// a Local domain, and the rules the store itself keeps — one master per data center,
// at most one ISO and one Export domain per data center.
export default /* sql */ `
-- NULL: a domain from before pools (demo, first local domain); its images are under
-- the engine's images directory, <imagesDir>/<domain id>/.
ALTER TABLE storage_domain ADD COLUMN target text;
ALTER TABLE storage_domain ADD COLUMN mount_options text NOT NULL DEFAULT '';
ALTER TABLE storage_domain ADD COLUMN host_id uuid REFERENCES host(id) ON DELETE SET NULL;

CREATE UNIQUE INDEX storage_domain_one_master ON storage_domain(data_center_id)
  WHERE is_master AND data_center_id IS NOT NULL;
CREATE UNIQUE INDEX storage_domain_one_iso_export ON storage_domain(data_center_id, domain_type)
  WHERE domain_type IN ('ISO', 'Export') AND data_center_id IS NOT NULL;
CREATE INDEX storage_domain_gluster_volume ON storage_domain(gluster_volume_id)
  WHERE gluster_volume_id IS NOT NULL;
`;
