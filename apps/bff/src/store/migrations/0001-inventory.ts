// The inventory: every entity of DOMAIN.md. Configuration (intent) lives in the
// columns users edit; runtime columns (status, *_usage, ip, logged_in_user, …) are a
// cache of what host drivers report, refreshed by monitoring.
export default /* sql */ `
CREATE TABLE data_center (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL UNIQUE,
  description    text NOT NULL DEFAULT '',
  status         text NOT NULL DEFAULT 'Uninitialized',
  storage_mode   text NOT NULL DEFAULT 'Shared',
  compat_version text NOT NULL DEFAULT '4.7',
  quota_mode     text NOT NULL DEFAULT 'Disabled',
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cluster (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  data_center_id   uuid NOT NULL REFERENCES data_center(id),
  name             text NOT NULL UNIQUE,
  description      text NOT NULL DEFAULT '',
  cpu_type         text NOT NULL DEFAULT 'Intel Skylake Family',
  compat_version   text NOT NULL DEFAULT '4.7',
  virt_service     boolean NOT NULL DEFAULT true,
  gluster_service  boolean NOT NULL DEFAULT false,
  mem_overcommit   integer NOT NULL DEFAULT 100,
  migration_policy text NOT NULL DEFAULT 'Minimal downtime',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cluster_dc ON cluster(data_center_id);

CREATE TABLE host (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id      uuid NOT NULL REFERENCES cluster(id),
  name            text NOT NULL UNIQUE,
  address         text NOT NULL,
  driver          text NOT NULL DEFAULT 'sim',
  uri             text,
  status          text NOT NULL DEFAULT 'Installing',
  cpu_model       text NOT NULL DEFAULT '',
  cpu_sockets     integer NOT NULL DEFAULT 1,
  cpu_cores       integer NOT NULL DEFAULT 1,
  cpus            integer NOT NULL DEFAULT 1,
  memory_mb       bigint NOT NULL DEFAULT 0,
  os_version      text NOT NULL DEFAULT '',
  kvm_version     text NOT NULL DEFAULT '',
  libvirt_version text NOT NULL DEFAULT '',
  spm             boolean NOT NULL DEFAULT false,
  cpu_usage       integer NOT NULL DEFAULT 0,
  mem_usage       integer NOT NULL DEFAULT 0,
  net_usage       integer NOT NULL DEFAULT 0,
  active_vms      integer NOT NULL DEFAULT 0,
  boot_time       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX host_cluster ON host(cluster_id);
CREATE INDEX host_status ON host(status);

CREATE TABLE network (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  data_center_id uuid NOT NULL REFERENCES data_center(id),
  name           text NOT NULL,
  description    text NOT NULL DEFAULT '',
  vlan_id        integer,
  mtu            integer NOT NULL DEFAULT 1500,
  vm_network     boolean NOT NULL DEFAULT true,
  status         text NOT NULL DEFAULT 'Operational',
  UNIQUE (data_center_id, name)
);

CREATE TABLE cluster_network (
  cluster_id uuid NOT NULL REFERENCES cluster(id) ON DELETE CASCADE,
  network_id uuid NOT NULL REFERENCES network(id) ON DELETE CASCADE,
  required   boolean NOT NULL DEFAULT true,
  display    boolean NOT NULL DEFAULT false,
  migration  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (cluster_id, network_id)
);

CREATE TABLE host_nic (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  host_id    uuid NOT NULL REFERENCES host(id) ON DELETE CASCADE,
  name       text NOT NULL,
  network_id uuid REFERENCES network(id),
  mac        text NOT NULL,
  ip         text,
  speed_mbps integer NOT NULL DEFAULT 1000,
  rx_mbps    real NOT NULL DEFAULT 0,
  tx_mbps    real NOT NULL DEFAULT 0,
  UNIQUE (host_id, name)
);

CREATE TABLE gluster_volume (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id       uuid NOT NULL REFERENCES cluster(id),
  name             text NOT NULL,
  volume_type      text NOT NULL,
  status           text NOT NULL DEFAULT 'Down',
  replica_count    integer NOT NULL DEFAULT 1,
  arbiter_count    integer NOT NULL DEFAULT 0,
  disperse_count   integer NOT NULL DEFAULT 0,
  redundancy_count integer NOT NULL DEFAULT 0,
  transport        text NOT NULL DEFAULT 'TCP',
  options          jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cluster_id, name)
);

CREATE TABLE gluster_brick (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  volume_id  uuid NOT NULL REFERENCES gluster_volume(id) ON DELETE CASCADE,
  host_id    uuid NOT NULL REFERENCES host(id),
  directory  text NOT NULL,
  position   integer NOT NULL,
  status     text NOT NULL DEFAULT 'Down',
  is_arbiter boolean NOT NULL DEFAULT false,
  total_gb   real NOT NULL DEFAULT 0,
  free_gb    real NOT NULL DEFAULT 0,
  -- a brick directory can belong to one volume only
  UNIQUE (host_id, directory)
);

CREATE TABLE storage_domain (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  data_center_id    uuid REFERENCES data_center(id),
  name              text NOT NULL UNIQUE,
  description       text NOT NULL DEFAULT '',
  domain_type       text NOT NULL,
  storage_type      text NOT NULL,
  is_master         boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'Unattached',
  path              text NOT NULL DEFAULT '',
  vfs_type          text,
  gluster_volume_id uuid REFERENCES gluster_volume(id),
  total_gb          real NOT NULL DEFAULT 0,
  used_gb           real NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX storage_domain_dc ON storage_domain(data_center_id);

CREATE TABLE template (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id  uuid REFERENCES cluster(id),
  name        text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  status      text NOT NULL DEFAULT 'OK',
  os          text NOT NULL DEFAULT 'other',
  vm_type     text NOT NULL DEFAULT 'Server',
  memory_mb   integer NOT NULL DEFAULT 1024,
  vcpus       integer NOT NULL DEFAULT 1,
  display     text NOT NULL DEFAULT 'SPICE',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pool (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id   uuid NOT NULL REFERENCES cluster(id),
  template_id  uuid NOT NULL REFERENCES template(id),
  name         text NOT NULL UNIQUE,
  description  text NOT NULL DEFAULT '',
  pool_type    text NOT NULL DEFAULT 'Automatic',
  size         integer NOT NULL DEFAULT 0,
  prestarted   integer NOT NULL DEFAULT 0,
  max_per_user integer NOT NULL DEFAULT 1,
  stateless    boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vm (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id        uuid NOT NULL REFERENCES cluster(id),
  host_id           uuid REFERENCES host(id),
  template_id       uuid REFERENCES template(id),
  pool_id           uuid REFERENCES pool(id),
  name              text NOT NULL UNIQUE,
  description       text NOT NULL DEFAULT '',
  status            text NOT NULL DEFAULT 'Down',
  vm_type           text NOT NULL DEFAULT 'Server',
  os                text NOT NULL DEFAULT 'other',
  memory_mb         integer NOT NULL DEFAULT 1024,
  vcpus             integer NOT NULL DEFAULT 1,
  display           text NOT NULL DEFAULT 'SPICE',
  ha                boolean NOT NULL DEFAULT false,
  stateless         boolean NOT NULL DEFAULT false,
  allow_reconnect   boolean NOT NULL DEFAULT false,
  ip                text,
  fqdn              text,
  logged_in_user    text,
  applications      text[] NOT NULL DEFAULT '{}',
  cpu_usage         integer NOT NULL DEFAULT 0,
  mem_usage         integer NOT NULL DEFAULT 0,
  net_usage         integer NOT NULL DEFAULT 0,
  started_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vm_cluster ON vm(cluster_id);
CREATE INDEX vm_host ON vm(host_id);
CREATE INDEX vm_pool ON vm(pool_id);
CREATE INDEX vm_status ON vm(status);
CREATE INDEX vm_lower_name ON vm(lower(name) text_pattern_ops);

CREATE TABLE vm_nic (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vm_id      uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
  name       text NOT NULL,
  network_id uuid REFERENCES network(id),
  mac        text NOT NULL,
  ip         text,
  nic_type   text NOT NULL DEFAULT 'VirtIO',
  linked     boolean NOT NULL DEFAULT true,
  speed_mbps integer NOT NULL DEFAULT 1000,
  rx_mbps    real NOT NULL DEFAULT 0,
  tx_mbps    real NOT NULL DEFAULT 0,
  UNIQUE (vm_id, name)
);

CREATE TABLE disk (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  storage_domain_id uuid NOT NULL REFERENCES storage_domain(id),
  template_id       uuid REFERENCES template(id),
  alias             text NOT NULL,
  description       text NOT NULL DEFAULT '',
  size_gb           real NOT NULL,
  actual_size_gb    real NOT NULL DEFAULT 0,
  format            text NOT NULL DEFAULT 'COW',
  sparse            boolean NOT NULL DEFAULT true,
  interface         text NOT NULL DEFAULT 'VirtIO',
  shareable         boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'OK',
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disk_domain ON disk(storage_domain_id);

-- A disk is attached to VMs (more than one when shareable).
CREATE TABLE vm_disk (
  vm_id    uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
  disk_id  uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
  bootable boolean NOT NULL DEFAULT false,
  active   boolean NOT NULL DEFAULT true,
  PRIMARY KEY (vm_id, disk_id)
);
CREATE INDEX vm_disk_disk ON vm_disk(disk_id);

CREATE TABLE snapshot (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vm_id       uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
  description text NOT NULL,
  snapshot_type text NOT NULL DEFAULT 'Regular',
  status      text NOT NULL DEFAULT 'OK',
  memory      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX snapshot_vm ON snapshot(vm_id);

-- A disk is a chain of volumes: the base image plus one layer per snapshot.
CREATE TABLE disk_volume (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disk_id     uuid NOT NULL REFERENCES disk(id) ON DELETE CASCADE,
  parent_id   uuid REFERENCES disk_volume(id),
  snapshot_id uuid REFERENCES snapshot(id) ON DELETE SET NULL,
  path        text NOT NULL DEFAULT '',
  format      text NOT NULL DEFAULT 'COW',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app_user (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username   text NOT NULL,
  domain     text NOT NULL DEFAULT 'internal',
  first_name text NOT NULL DEFAULT '',
  last_name  text NOT NULL DEFAULT '',
  email      text NOT NULL DEFAULT '',
  department text NOT NULL DEFAULT '',
  is_group   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (username, domain)
);

CREATE TABLE group_member (
  group_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  user_id  uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);

CREATE TABLE role (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  is_admin    boolean NOT NULL DEFAULT false,
  action_groups text[] NOT NULL DEFAULT '{}'
);

-- (user or group, role, object): inherited down System → data center → cluster → …
CREATE TABLE permission (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role_id     uuid NOT NULL REFERENCES role(id) ON DELETE CASCADE,
  object_type text NOT NULL,
  object_id   uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX permission_object ON permission(object_type, object_id);

CREATE TABLE tag (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  parent_id   uuid REFERENCES tag(id) ON DELETE CASCADE,
  name        text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT ''
);

CREATE TABLE tag_assignment (
  tag_id      uuid NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
  object_type text NOT NULL,
  object_id   uuid NOT NULL,
  PRIMARY KEY (tag_id, object_type, object_id)
);
CREATE INDEX tag_assignment_object ON tag_assignment(object_type, object_id);

CREATE TABLE bookmark (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL UNIQUE,
  query      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  description    text NOT NULL,
  status         text NOT NULL DEFAULT 'Started',
  user_name      text NOT NULL DEFAULT '',
  correlation_id text,
  progress       integer NOT NULL DEFAULT 0,
  start_time     timestamptz NOT NULL DEFAULT now(),
  end_time       timestamptz
);
CREATE INDEX job_start ON job(start_time);

CREATE TABLE job_step (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id      uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
  parent_id   uuid REFERENCES job_step(id) ON DELETE CASCADE,
  position    integer NOT NULL,
  step_type   text NOT NULL DEFAULT 'Executing',
  description text NOT NULL,
  status      text NOT NULL DEFAULT 'Started',
  progress    integer NOT NULL DEFAULT 0,
  start_time  timestamptz NOT NULL DEFAULT now(),
  end_time    timestamptz
);

-- The audit log. Object references are kept by id and by name, so an event still
-- reads right after its object is gone (no foreign keys on purpose).
CREATE TABLE audit_event (
  id                bigserial PRIMARY KEY,
  time              timestamptz NOT NULL DEFAULT now(),
  severity          text NOT NULL DEFAULT 'Normal',
  code              text NOT NULL DEFAULT '',
  message           text NOT NULL,
  user_name         text NOT NULL DEFAULT '',
  correlation_id    text,
  job_id            uuid,
  data_center_id    uuid,
  cluster_id        uuid,
  host_id           uuid,
  vm_id             uuid,
  storage_domain_id uuid,
  template_id       uuid,
  volume_id         uuid,
  user_id           uuid,
  data_center_name  text,
  cluster_name      text,
  host_name         text,
  vm_name           text,
  storage_domain_name text,
  template_name     text,
  volume_name       text
);
CREATE INDEX audit_event_time ON audit_event(time DESC);
CREATE INDEX audit_event_host ON audit_event(host_id, time DESC);
CREATE INDEX audit_event_vm ON audit_event(vm_id, time DESC);
CREATE INDEX audit_event_severity ON audit_event(severity, time DESC);
`;
