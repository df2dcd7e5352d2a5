// The portal's three reads (its desktops, its pools, its quota), kept current by the
// change feed: a change of a VM, a pool or a user (a permission granted or revoked), or
// the feed coming back after a break, re-reads them. The feed only carries rows this
// user may see, so a monitoring sweep over others' VMs costs nothing here.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC, type RouterOutputs } from '../api/trpc.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { PORTAL_OBJECTS } from './portalModel.js';

export type PortalVm = RouterOutputs['portal']['vms'][number];
export type PortalPool = RouterOutputs['portal']['pools'][number];
export type PortalQuota = RouterOutputs['portal']['quota'];

/** A safety net under the feed: a missed change shows within this long anyway. */
const REFRESH_MS = 30_000;

export function usePortalData() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const vms = useQuery({ ...trpc.portal.vms.queryOptions(), refetchInterval: REFRESH_MS });
  const pools = useQuery({ ...trpc.portal.pools.queryOptions(), refetchInterval: REFRESH_MS });
  const quota = useQuery({ ...trpc.portal.quota.queryOptions(), refetchInterval: REFRESH_MS });

  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.portal.pathKey() });
  }, [queryClient, trpc]);

  useLiveChanges((delivery) => {
    const objects: readonly string[] = PORTAL_OBJECTS;
    if (delivery.resync || delivery.changes.some((c) => objects.includes(c.object))) refresh();
  });

  return { vms, pools, quota, refresh };
}
