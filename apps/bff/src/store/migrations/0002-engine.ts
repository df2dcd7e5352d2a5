// What the engine needs beyond the inventory: where a VM last ran and where it is
// migrating to (so the scheduler counts its memory on both hosts), the cluster's
// fencing policy, steps that have not started yet, and indexes for the job list and the volume chains.
export default /* sql */ `
ALTER TABLE vm ADD COLUMN last_host_id uuid REFERENCES host(id) ON DELETE SET NULL;
ALTER TABLE vm ADD COLUMN migrating_to_host_id uuid REFERENCES host(id) ON DELETE SET NULL;
CREATE INDEX vm_migrating_to ON vm(migrating_to_host_id) WHERE migrating_to_host_id IS NOT NULL;

-- oVirt's cluster fencing policy: restart a NonResponsive host through its power
-- management, then its highly available VMs elsewhere.
ALTER TABLE cluster ADD COLUMN fencing_enabled boolean NOT NULL DEFAULT true;

-- A job's steps are written when it starts, so the UI shows what comes; a step not
-- begun yet is 'Pending' and has no start time.
ALTER TABLE job_step ALTER COLUMN start_time DROP NOT NULL;
CREATE INDEX job_step_job ON job_step(job_id, position);
CREATE INDEX disk_volume_disk ON disk_volume(disk_id);
CREATE INDEX disk_volume_parent ON disk_volume(parent_id);
CREATE INDEX vm_nic_mac ON vm_nic(mac);
`;
