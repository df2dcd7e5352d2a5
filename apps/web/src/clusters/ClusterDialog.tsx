// New / Edit Cluster: data center, name, description, services (virt, Gluster or
// both), CPU type, compatibility version, memory overcommit, migration policy and
// fencing. Checked with the shared schema and the data center's limits before it is
// sent; the BFF's refusals land under their inputs.
import { useQuery } from '@tanstack/react-query';
import {
  CLUSTER_CPU_TYPES,
  COMPATIBILITY_VERSIONS,
  MEMORY_OVERCOMMIT_PERCENTS,
  MIGRATION_POLICIES,
  clusterCreateInput,
  clusterUpdateInput,
  type MemoryOvercommit,
} from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import {
  CommandDialog,
  FieldError,
  NameFields,
  SelectField,
  ValueOptions,
} from '../layout/formParts.js';
import { useCommandForm, usePatchForm, type NewOrEditRequest } from '../vms/commandForm.js';
import {
  MEMORY_OVERCOMMIT_LABEL,
  NEW_CLUSTER,
  clusterCreateOf,
  clusterFormOf,
  clusterUpdateOf,
  dataCenterProblems,
  effectiveVersion,
  type ClusterForm,
} from './clusterForm.js';

const FIELDS = [
  'dataCenterId',
  'name',
  'description',
  'services',
  'virtService',
  'glusterService',
  'cpuType',
  'compatVersion',
  'memOvercommit',
  'migrationPolicy',
  'fencingEnabled',
];

export type ClusterDialogRequest = NewOrEditRequest<{ readonly dataCenterId?: string | undefined }>;

/** The shared schema plus what the chosen data center rules out, as field issues. */
function withProblems<S extends typeof clusterCreateInput | typeof clusterUpdateInput>(
  schema: S,
  problems: Record<string, string>,
) {
  return schema.superRefine((_, ctx) => {
    for (const [path, message] of Object.entries(problems))
      ctx.addIssue({ code: 'custom', path: [path], message });
  });
}

export function ClusterDialog(props: {
  request: ClusterDialogRequest;
  onClose: () => void;
  onDone: (cluster: { id: string; name: string }) => void;
}) {
  const { request, onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const options = useQuery({
    ...trpc.cluster.formOptions.queryOptions({}),
    // Its versions and room are judged before sending: never from an old answer.
    refetchOnMount: 'always',
  });
  const { initial, form, set } = usePatchForm<ClusterForm>(() =>
    request.mode === 'edit'
      ? clusterFormOf(request.row)
      : { ...NEW_CLUSTER, dataCenterId: request.dataCenterId ?? '' },
  );
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const dataCenters = options.data?.dataCenters ?? [];
  // New: the first data center with room, unless one was chosen (or preset by Guide Me).
  const dataCenterId =
    request.mode === 'edit'
      ? (dataCenters.find((d) => d.name === request.row.datacenter)?.id ?? '')
      : form.dataCenterId ||
        (dataCenters.find((d) => d.newCluster.allowed) ?? dataCenters[0])?.id ||
        '';
  const dc = dataCenters.find((d) => d.id === dataCenterId);
  const current = { ...form, dataCenterId };

  const submit = async () => {
    // Judged here only on a current answer; otherwise the server judges.
    const fresh = options.isSuccess && options.isFetchedAfterMount;
    const problems = fresh ? dataCenterProblems(current, dc, request.mode === 'new') : {};
    if (request.mode === 'new') {
      const input = clusterCreateOf(current, dc?.compatVersion);
      if (!check(withProblems(clusterCreateInput, problems), input)) return;
      await run(async () => {
        const { id } = await client.cluster.create.mutate(input);
        props.onDone({ id, name: form.name.trim() });
      });
      return;
    }
    const input = clusterUpdateOf(request.row.id, initial, form);
    if (!check(withProblems(clusterUpdateInput, problems), input)) return;
    await run(async () => {
      await client.cluster.update.mutate(input);
      props.onDone({ id: request.row.id, name: form.name.trim() });
    });
  };

  const f = errors.fields;
  const version = effectiveVersion(form, dc?.compatVersion);
  return (
    <CommandDialog
      title={request.mode === 'new' ? 'New Cluster' : 'Edit Cluster'}
      testId="cluster-dialog"
      width={560}
      okTestId="cluster-dialog-ok"
      busy={busy}
      errors={errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <SelectField
        label="Data Center"
        field="dataCenterId"
        errors={f}
        testId="cluster-datacenter"
        value={dataCenterId}
        // A cluster keeps its data center.
        disabled={request.mode === 'edit'}
        onChange={(v) => set({ dataCenterId: v })}
      >
        {dataCenters.map((d) => (
          <option
            key={d.id}
            value={d.id}
            disabled={request.mode === 'new' && !d.newCluster.allowed}
            title={d.newCluster.reason}
          >
            {d.name}
            {request.mode === 'new' && !d.newCluster.allowed ? ' (full)' : ''}
          </option>
        ))}
      </SelectField>
      <NameFields
        testIdPrefix="cluster"
        name={form.name}
        description={form.description}
        errors={f}
        onChange={set}
      />
      <div role="group" aria-label="Services">
        <label className="form-check">
          <input
            type="checkbox"
            data-testid="cluster-services-virt"
            checked={form.virtService}
            onChange={(e) => set({ virtService: e.target.checked })}
          />
          Enable Virt Service <span className="form-hint-inline">(runs VMs)</span>
        </label>
        <label className="form-check">
          <input
            type="checkbox"
            data-testid="cluster-services-gluster"
            checked={form.glusterService}
            onChange={(e) => set({ glusterService: e.target.checked })}
          />
          Enable Gluster Service{' '}
          <span className="form-hint-inline">(its hosts hold Gluster bricks)</span>
        </label>
      </div>
      <FieldError field="services" errors={f} />
      <FieldError field="virtService" errors={f} />
      <FieldError field="glusterService" errors={f} />
      <SelectField
        label="CPU Type"
        field="cpuType"
        errors={f}
        testId="cluster-cpu-type"
        value={form.cpuType}
        onChange={(v) => set({ cpuType: v })}
      >
        <ValueOptions values={CLUSTER_CPU_TYPES} />
      </SelectField>
      <SelectField
        label="Compatibility Version"
        field="compatVersion"
        errors={f}
        testId="cluster-compat-version"
        value={version}
        onChange={(v) => set({ compatVersion: v })}
      >
        <ValueOptions values={COMPATIBILITY_VERSIONS} />
      </SelectField>
      {dc && (
        <p className="form-hint">
          At most {dc.name}&apos;s version, {dc.compatVersion}.
        </p>
      )}
      <SelectField
        label="Memory Overcommit"
        field="memOvercommit"
        errors={f}
        testId="cluster-mem-overcommit"
        value={String(form.memOvercommit)}
        onChange={(v) => set({ memOvercommit: Number(v) as MemoryOvercommit })}
      >
        {MEMORY_OVERCOMMIT_PERCENTS.map((p) => (
          <option key={p} value={String(p)}>
            {MEMORY_OVERCOMMIT_LABEL[p]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Migration Policy"
        field="migrationPolicy"
        errors={f}
        testId="cluster-migration-policy"
        value={form.migrationPolicy}
        onChange={(v) => set({ migrationPolicy: v })}
      >
        <ValueOptions values={MIGRATION_POLICIES} />
      </SelectField>
      <label className="form-check">
        <input
          type="checkbox"
          data-testid="cluster-fencing"
          checked={form.fencingEnabled}
          onChange={(e) => set({ fencingEnabled: e.target.checked })}
        />
        Fence non-responsive hosts and restart their highly available VMs elsewhere
      </label>
      <FieldError field="fencingEnabled" errors={f} />
    </CommandDialog>
  );
}
