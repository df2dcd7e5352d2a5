// `disk.formOptions` for the disk dialogs, kept current on the feed: domains' status and
// free space, and VMs' status, move while a dialog is open.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';

const WATCHED = ['storage', 'vm', 'disk', 'datacenter'] as const;

export function useDiskOptions() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useQuery({
    ...trpc.disk.formOptions.queryOptions({}),
    refetchOnMount: 'always',
  });
  useLiveChanges(({ changes, resync }) => {
    if (resync || WATCHED.some((o) => touches(changes, o)))
      void queryClient.invalidateQueries({ queryKey: trpc.disk.formOptions.queryKey() });
  });
  return options;
}

export type DiskOptions = NonNullable<ReturnType<typeof useDiskOptions>['data']>;
export type DomainOption = DiskOptions['domains'][number];

/** Why a domain cannot take a disk, or undefined when it can. */
export function domainRefusal(
  d: DomainOption,
  kinds: readonly string[] = ['Data'],
): string | undefined {
  if (!kinds.includes(d.domainType)) return `${d.domainType} domain`;
  if (d.status !== 'Active') return d.status;
  return undefined;
}

export const domainLabel = (d: DomainOption) =>
  `${d.name} (${d.dataCenter ?? 'no data center'}, ${d.freeGb} GB free)`;
