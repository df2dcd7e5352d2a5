// What the VM dialogs offer to choose from, read from `vm.formOptions`: clusters, and
// for the chosen cluster its templates, storage domains, networks and hosts.
import { useQuery } from '@tanstack/react-query';
import { useTRPC, type RouterOutputs } from '../api/trpc.js';

export type FormOptions = RouterOutputs['vm']['formOptions'];

/**
 * Options for the cluster named `clusterName` (or chosen by id), after the cluster
 * list: the grid knows a VM's cluster by name, the commands want its id.
 */
export function useFormOptions(cluster: { id?: string; name?: string }) {
  const trpc = useTRPC();
  const base = useQuery(trpc.vm.formOptions.queryOptions({}));
  const clusterId =
    cluster.id ?? base.data?.clusters.find((c) => c.name === cluster.name)?.id ?? undefined;
  const scoped = useQuery({
    ...trpc.vm.formOptions.queryOptions({ clusterId: clusterId ?? '' }),
    enabled: Boolean(clusterId),
  });
  return {
    clusters: base.data?.clusters ?? [],
    clusterId,
    options: clusterId ? scoped.data : undefined,
    error: base.error ?? scoped.error,
    loading: base.isPending || (Boolean(clusterId) && scoped.isPending),
  };
}
