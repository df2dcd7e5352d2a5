// A volume as `gluster.volume` tells it (bricks with status and space, options, the
// actions it allows now), kept current by the change feed.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { volumeShapeOf } from './volumeForm.js';

export function useVolume(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.gluster.volume.queryOptions({ id });
  const query = useQuery(options);
  useLiveChanges(({ changes, resync }) => {
    // A brick's host going down changes the brick rows' host status too.
    const hosts = new Set(query.data?.bricks.map((b) => b.hostId));
    const brickHost = changes.some((c) => c.object === 'host' && c.ids.some((h) => hosts.has(h)));
    if (resync || brickHost || touches(changes, 'volume', id)) {
      void queryClient.invalidateQueries({ queryKey: options.queryKey });
    }
  });
  return { ...query, volume: query.data ? volumeShapeOf(query.data) : undefined };
}
