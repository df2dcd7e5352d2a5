// Roles as oVirt users know them: named sets of action groups. A permission gives a
// user or group one role on one object (or System), and holds for everything below it
// (System → data center → cluster → host / VM / pool …). The engine checks the action
// group a procedure needs (apps/bff/src/identity/), the UI enables buttons the same way.

/** Every action group a role may hold; each names what a procedure needs. */
export const ACTION_GROUPS = [
  // System
  'LOGIN',
  'MANIPULATE_USERS',
  'MANIPULATE_ROLES',
  'MANIPULATE_PERMISSIONS',
  'ADD_USERS_AND_GROUPS_FROM_DIRECTORY',
  'CONFIGURE_ENGINE',
  'TAG_MANAGEMENT',
  'BOOKMARK_MANAGEMENT',
  'AUDIT_LOG_MANAGEMENT',
  // Data center
  'CREATE_STORAGE_POOL',
  'EDIT_STORAGE_POOL_CONFIGURATION',
  'DELETE_STORAGE_POOL',
  'CREATE_STORAGE_POOL_NETWORK',
  'CONFIGURE_STORAGE_POOL_NETWORK',
  'DELETE_STORAGE_POOL_NETWORK',
  // Cluster
  'CREATE_CLUSTER',
  'EDIT_CLUSTER_CONFIGURATION',
  'DELETE_CLUSTER',
  'CONFIGURE_CLUSTER_NETWORK',
  'ASSIGN_CLUSTER_NETWORK',
  // Host
  'CREATE_HOST',
  'EDIT_HOST_CONFIGURATION',
  'DELETE_HOST',
  'MANIPULATE_HOST',
  'CONFIGURE_HOST_NETWORK',
  // Storage
  'CREATE_STORAGE_DOMAIN',
  'EDIT_STORAGE_DOMAIN_CONFIGURATION',
  'DELETE_STORAGE_DOMAIN',
  'MANIPULATE_STORAGE_DOMAIN',
  // Gluster
  'CREATE_GLUSTER_VOLUME',
  'MANIPULATE_GLUSTER_VOLUME',
  'DELETE_GLUSTER_VOLUME',
  // VM administration
  'CREATE_VM',
  'DELETE_VM',
  'EDIT_VM_PROPERTIES',
  'MIGRATE_VM',
  'IMPORT_EXPORT_VM',
  'CONFIGURE_VM_NETWORK',
  'CONFIGURE_VM_STORAGE',
  'MANIPULATE_VM_SNAPSHOTS',
  'CREATE_DISK',
  'ATTACH_DISK',
  'EDIT_DISK_PROPERTIES',
  'DELETE_DISK',
  // Templates
  'CREATE_TEMPLATE',
  'EDIT_TEMPLATE_PROPERTIES',
  'DELETE_TEMPLATE',
  'COPY_TEMPLATE',
  // Pools
  'CREATE_VM_POOL',
  'EDIT_VM_POOL_CONFIGURATION',
  'DELETE_VM_POOL',
  // Using VMs
  'VM_BASIC_OPERATIONS',
  'CHANGE_VM_CD',
  'CONNECT_TO_VM',
  'VM_POOL_BASIC_OPERATIONS',
] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

export interface RoleSpec {
  readonly name: string;
  readonly description: string;
  readonly isAdmin: boolean;
  readonly actionGroups: readonly ActionGroup[];
}

const VM_USE: readonly ActionGroup[] = [
  'VM_BASIC_OPERATIONS',
  'CHANGE_VM_CD',
  'CONNECT_TO_VM',
  'VM_POOL_BASIC_OPERATIONS',
  'LOGIN',
];
const VM_ADMIN: readonly ActionGroup[] = [
  'CREATE_VM',
  'DELETE_VM',
  'EDIT_VM_PROPERTIES',
  'MIGRATE_VM',
  'IMPORT_EXPORT_VM',
  'CONFIGURE_VM_NETWORK',
  'CONFIGURE_VM_STORAGE',
  'MANIPULATE_VM_SNAPSHOTS',
  'CREATE_DISK',
  'ATTACH_DISK',
  'EDIT_DISK_PROPERTIES',
  'DELETE_DISK',
];
const TEMPLATE_ADMIN: readonly ActionGroup[] = [
  'CREATE_TEMPLATE',
  'EDIT_TEMPLATE_PROPERTIES',
  'DELETE_TEMPLATE',
  'COPY_TEMPLATE',
];
const POOL_ADMIN: readonly ActionGroup[] = [
  'CREATE_VM_POOL',
  'EDIT_VM_POOL_CONFIGURATION',
  'DELETE_VM_POOL',
];
const HOST_ADMIN: readonly ActionGroup[] = [
  'CREATE_HOST',
  'EDIT_HOST_CONFIGURATION',
  'DELETE_HOST',
  'MANIPULATE_HOST',
  'CONFIGURE_HOST_NETWORK',
];
const CLUSTER_ADMIN: readonly ActionGroup[] = [
  'CREATE_CLUSTER',
  'EDIT_CLUSTER_CONFIGURATION',
  'DELETE_CLUSTER',
  'CONFIGURE_CLUSTER_NETWORK',
  'ASSIGN_CLUSTER_NETWORK',
];
const STORAGE_ADMIN: readonly ActionGroup[] = [
  'CREATE_STORAGE_DOMAIN',
  'EDIT_STORAGE_DOMAIN_CONFIGURATION',
  'DELETE_STORAGE_DOMAIN',
  'MANIPULATE_STORAGE_DOMAIN',
];
const GLUSTER_ADMIN: readonly ActionGroup[] = [
  'CREATE_GLUSTER_VOLUME',
  'MANIPULATE_GLUSTER_VOLUME',
  'DELETE_GLUSTER_VOLUME',
];
const DC_ADMIN: readonly ActionGroup[] = [
  'CREATE_STORAGE_POOL',
  'EDIT_STORAGE_POOL_CONFIGURATION',
  'DELETE_STORAGE_POOL',
  'CREATE_STORAGE_POOL_NETWORK',
  'CONFIGURE_STORAGE_POOL_NETWORK',
  'DELETE_STORAGE_POOL_NETWORK',
];
const SYSTEM_ADMIN: readonly ActionGroup[] = [
  'MANIPULATE_USERS',
  'MANIPULATE_ROLES',
  'MANIPULATE_PERMISSIONS',
  'ADD_USERS_AND_GROUPS_FROM_DIRECTORY',
  'CONFIGURE_ENGINE',
  'TAG_MANAGEMENT',
  'BOOKMARK_MANAGEMENT',
  'AUDIT_LOG_MANAGEMENT',
];

export const ROLE_SPECS: readonly RoleSpec[] = [
  {
    name: 'SuperUser',
    description: 'Roles management administrator',
    isAdmin: true,
    actionGroups: [
      ...SYSTEM_ADMIN,
      ...DC_ADMIN,
      ...CLUSTER_ADMIN,
      ...HOST_ADMIN,
      ...STORAGE_ADMIN,
      ...GLUSTER_ADMIN,
      ...VM_ADMIN,
      ...TEMPLATE_ADMIN,
      ...POOL_ADMIN,
      ...VM_USE,
    ],
  },
  {
    name: 'DataCenterAdmin',
    description: 'Administrator of a data center',
    isAdmin: true,
    actionGroups: [
      ...DC_ADMIN,
      ...CLUSTER_ADMIN,
      ...HOST_ADMIN,
      ...STORAGE_ADMIN,
      ...VM_ADMIN,
      ...TEMPLATE_ADMIN,
      ...POOL_ADMIN,
      ...VM_USE,
    ],
  },
  {
    name: 'ClusterAdmin',
    description: 'Administrator of a cluster',
    isAdmin: true,
    actionGroups: [
      ...CLUSTER_ADMIN,
      ...HOST_ADMIN,
      ...GLUSTER_ADMIN,
      ...VM_ADMIN,
      ...TEMPLATE_ADMIN,
      ...POOL_ADMIN,
      ...VM_USE,
    ],
  },
  {
    name: 'HostAdmin',
    description: 'Administrator of hosts',
    isAdmin: true,
    actionGroups: [...HOST_ADMIN, 'LOGIN'],
  },
  {
    name: 'StorageAdmin',
    description: 'Administrator of storage',
    isAdmin: true,
    actionGroups: [...STORAGE_ADMIN, 'LOGIN'],
  },
  {
    name: 'VmCreator',
    description: 'Can create VMs',
    isAdmin: false,
    actionGroups: ['CREATE_VM', 'CREATE_DISK', 'LOGIN'],
  },
  {
    name: 'UserRole',
    description: 'Can use VMs and pools, and log in to the VM portal',
    isAdmin: false,
    actionGroups: VM_USE,
  },
  {
    name: 'PowerUserRole',
    description: 'Can create and manage VMs and templates',
    isAdmin: false,
    actionGroups: [
      ...VM_ADMIN.filter((g) => g !== 'MIGRATE_VM'),
      'CREATE_TEMPLATE',
      'CREATE_VM_POOL',
      ...VM_USE,
    ],
  },
  {
    // What oVirt gives the creator of a VM on it: use it, change it, snapshot it, remove it.
    name: 'UserVmManager',
    description: 'Can manage a VM they created, and use it',
    isAdmin: false,
    actionGroups: [
      'DELETE_VM',
      'EDIT_VM_PROPERTIES',
      'CONFIGURE_VM_NETWORK',
      'CONFIGURE_VM_STORAGE',
      'MANIPULATE_VM_SNAPSHOTS',
      'MANIPULATE_PERMISSIONS',
      ...VM_USE,
    ],
  },
];

export function roleSpec(name: string): RoleSpec | undefined {
  return ROLE_SPECS.find((r) => r.name === name);
}
