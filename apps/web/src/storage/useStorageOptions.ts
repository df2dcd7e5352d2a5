// `storage.formOptions` for the storage dialogs, kept current: what they judge before
// sending (a data center's status, its ISO domain, its Up hosts) moves while they are
// open, and a stale answer would refuse what the server allows.
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatableStorageType } from '@corral/shared';
import { useTRPC } from '../api/trpc.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';

const WATCHED = ['datacenter', 'storage', 'host', 'cluster', 'volume'] as const;

export function useStorageOptions(input: {
  dataCenterId?: string | null;
  storageType?: CreatableStorageType | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery({
    ...trpc.storage.formOptions.queryOptions(input),
    refetchOnMount: 'always',
    // The data center list stays while the hosts of another one load.
    placeholderData: keepPreviousData,
  });
  useLiveChanges(({ changes, resync }) => {
    if (resync || WATCHED.some((o) => touches(changes, o)))
      void queryClient.invalidateQueries({ queryKey: trpc.storage.formOptions.queryKey() });
  });
  return {
    ...options,
    /**
     * Whether the answer was read since the dialog opened, for the inputs it shows now:
     * the browser's own checks wait for it (the server judges in the meantime).
     */
    current: options.isSuccess && options.isFetchedAfterMount && !options.isPlaceholderData,
  };
}
