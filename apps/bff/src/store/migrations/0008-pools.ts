// Pools (docs/pools.md). Two marks the store sets in the very row update that starts a
// VM (leaving Down for a run), whoever writes it — a command, monitoring, a replica:
// - stateless_dirty: a stateless VM has run since its disks were last reset; once Down
//   again the pool handling puts its disks back to the template's state and clears it;
// - pool_ran: the VM has run since it was taken from its pool (take clears it when it
//   hands out a Down VM), so an Automatic pool takes it back only after the user's run
//   ends, not in the moment between the take and the start.
export default /* sql */ `
ALTER TABLE vm ADD COLUMN stateless_dirty boolean NOT NULL DEFAULT false;
ALTER TABLE vm ADD COLUMN pool_ran boolean NOT NULL DEFAULT false;

CREATE FUNCTION vm_mark_started() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF OLD.status = 'Down' AND NEW.status NOT IN ('Down', 'ImageLocked') THEN
    NEW.pool_ran := true;
    IF NEW.stateless THEN
      NEW.stateless_dirty := true;
    END IF;
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER vm_mark_started BEFORE UPDATE OF status ON vm
  FOR EACH ROW EXECUTE FUNCTION vm_mark_started();

CREATE INDEX vm_stateless_dirty ON vm(id) WHERE stateless_dirty;
`;
