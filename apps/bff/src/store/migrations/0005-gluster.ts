// Gluster volumes on real glusterd (docs/gluster.md): gluster's own id of a volume, the
// engine command working on it (other commands are refused meanwhile, and monitoring
// leaves its bricks alone), the rebalance or brick removal gluster runs on it as last
// seen, and the name gluster knows each brick's server by.
export default /* sql */ `
ALTER TABLE gluster_volume ADD COLUMN gluster_id uuid;
-- 'Creating', 'Removing bricks', …; NULL when no command runs on the volume.
ALTER TABLE gluster_volume ADD COLUMN operation text;
-- { type, id, status, bricks } of gluster's task, NULL when none.
ALTER TABLE gluster_volume ADD COLUMN task jsonb;

-- The <server> of <server>:/dir as the brick was made; NULL: the host's name for gluster.
ALTER TABLE gluster_brick ADD COLUMN server text;
CREATE INDEX gluster_brick_volume ON gluster_brick(volume_id, position);
`;
