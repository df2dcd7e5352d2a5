// Consoles (docs/consoles.md): the ticket-signing secret replicas share when none is
// configured, the tickets already used (single use on any replica, kept until they
// expire), and the console sessions open now (for taking one over).
export default /* sql */ `
CREATE TABLE console_secret (
  id     integer PRIMARY KEY CHECK (id = 1),
  secret text NOT NULL
);

CREATE TABLE console_ticket_used (
  ticket_id  uuid PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX console_ticket_used_expires ON console_ticket_used(expires_at);

CREATE TABLE console_session (
  id         uuid PRIMARY KEY,
  vm_id      uuid NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
  user_name  text NOT NULL,
  protocol   text NOT NULL,
  opened_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_session_vm ON console_session(vm_id);
`;
