// Identity (docs/identity.md): local accounts' password hashes and lock-out, sessions
// kept in the store (so any replica serves any browser), and what the permission
// checks look up by: a user's permissions, unique per (who, role, where).
export default /* sql */ `
-- NULL password_hash: no local password (a group, or a directory account).
ALTER TABLE app_user ADD COLUMN password_hash text;
ALTER TABLE app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN locked_until timestamptz;
ALTER TABLE app_user ADD COLUMN disabled boolean NOT NULL DEFAULT false;
ALTER TABLE app_user ADD COLUMN last_login timestamptz;
-- VMs a user may create and own (the quota of power users in the user portal).
ALTER TABLE app_user ADD COLUMN vm_quota integer NOT NULL DEFAULT 5;

-- A browser's session. The cookie holds a random token; the store holds its SHA-256 only,
-- so a copy of the database opens no session.
CREATE TABLE user_session (
  token_hash   text PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ip           text NOT NULL DEFAULT '',
  user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX user_session_user ON user_session(user_id);
CREATE INDEX user_session_expires ON user_session(expires_at);

CREATE INDEX permission_user ON permission(user_id);
CREATE UNIQUE INDEX permission_unique
  ON permission(user_id, role_id, object_type, COALESCE(object_id, '00000000-0000-0000-0000-000000000000'));
CREATE INDEX group_member_user ON group_member(user_id);
`;
