// Usage history for the details charts (docs/monitoring.md): one row per host per
// monitoring cycle, kept for a bounded window and pruned by monitoring. VMs' history is
// by default held in the monitoring process's memory instead: 50,000 VMs at four
// samples a minute is more than the embedded store should carry (the numbers are in
// docs/monitoring.md); monitoring can be told to keep it here too.
export default /* sql */ `
CREATE TABLE stats_sample (
  object_type text NOT NULL,
  object_id   uuid NOT NULL,
  time        timestamptz NOT NULL,
  cpu         real NOT NULL,
  mem         real NOT NULL,
  net         real NOT NULL
);
CREATE INDEX stats_sample_object_time ON stats_sample(object_id, time);
-- Rows arrive in time order, so a BRIN index finds the old ones for pruning at almost
-- no cost per insert.
CREATE INDEX stats_sample_time ON stats_sample USING brin(time);

-- Monitoring rewrites running VMs' and hosts' usage every cycle. Room left in each page
-- lets those updates stay on the page (HOT: no new index entries), from the first cycle.
ALTER TABLE vm SET (fillfactor = 75);
ALTER TABLE host SET (fillfactor = 75);
`;
