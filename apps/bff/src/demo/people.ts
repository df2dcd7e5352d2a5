// Who uses the engine: admin@internal, named directory users with departments, two
// groups, and oVirt's built-in roles. Permissions and tags point at VMs and pools, so
// they are made later (grants.ts).
import {
  DIRECTORY_DOMAIN,
  DIRECTORY_FIRST_NAMES,
  DIRECTORY_LAST_NAMES,
  NAMED_USERS,
} from './catalog.js';
import { ROLE_SPECS } from '@corral/shared';
import type { AppUserRow, GroupMemberRow, RoleRow } from './fleet.js';
import type { Rng } from './prng.js';
import { DAY, iso, must } from './util.js';

export interface People {
  readonly users: AppUserRow[];
  readonly admin: AppUserRow;
  readonly named: AppUserRow[];
  /** Everyone allowed to use desktop pools. */
  readonly vdiGroup: AppUserRow;
  readonly itOpsGroup: AppUserRow;
  readonly groupMembers: GroupMemberRow[];
  readonly roles: RoleRow[];
  role(name: string): RoleRow;
  /** A directory login not yet used by anyone, as `user@domain`. */
  nextDirectoryLogin(r: Rng): string;
}

/** How a user appears in events and as a VM's logged-in user. */
export function loginName(user: Pick<AppUserRow, 'username' | 'domain'>): string {
  return `${user.username}@${user.domain}`;
}

export function buildPeople(rng: Rng, since: number, now: number): People {
  const r = rng.fork('people');
  const created = (from: number) => iso(r.int(from, now - 7 * DAY));
  const admin: AppUserRow = {
    id: r.uuid(),
    username: 'admin',
    domain: 'internal',
    first_name: 'admin',
    last_name: '',
    email: '',
    department: '',
    is_group: false,
    created_at: iso(since),
  };
  const named = NAMED_USERS.map(([first, last, department]): AppUserRow => ({
    id: r.uuid(),
    username: `${first[0]}${last}`.toLowerCase(),
    domain: DIRECTORY_DOMAIN,
    first_name: first,
    last_name: last,
    email: `${first}.${last}@example.com`.toLowerCase(),
    department,
    is_group: false,
    created_at: created(since + 30 * DAY),
  }));
  const group = (username: string): AppUserRow => ({
    id: r.uuid(),
    username,
    domain: DIRECTORY_DOMAIN,
    first_name: '',
    last_name: '',
    email: '',
    department: '',
    is_group: true,
    created_at: created(since + 14 * DAY),
  });
  const vdiGroup = group('vdi-users');
  const itOpsGroup = group('it-ops');
  const groupMembers: GroupMemberRow[] = named.map((u) => ({
    group_id: u.department === 'IT Operations' ? itOpsGroup.id : vdiGroup.id,
    user_id: u.id,
  }));
  const roles = ROLE_SPECS.map((spec): RoleRow => ({
    id: r.uuid(),
    name: spec.name,
    description: spec.description,
    is_admin: spec.isAdmin,
    action_groups: [...spec.actionGroups],
  }));
  const taken = new Set(named.map((u) => u.username));
  return {
    users: [admin, ...named, vdiGroup, itOpsGroup],
    admin,
    named,
    vdiGroup,
    itOpsGroup,
    groupMembers,
    roles,
    role: (name) =>
      must(
        roles.find((x) => x.name === name),
        `role ${name}`,
      ),
    nextDirectoryLogin(dr) {
      const base =
        `${dr.pick(DIRECTORY_FIRST_NAMES)[0]}${dr.pick(DIRECTORY_LAST_NAMES)}`.toLowerCase();
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
      taken.add(name);
      return `${name}@${DIRECTORY_DOMAIN}`;
    },
  };
}
