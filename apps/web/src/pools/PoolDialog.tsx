// New / Edit Pool (oVirt's VM pools): a cluster and a template, the pool's type, its
// size, how many VMs the engine keeps started, how many VMs one user may take, and
// whether the VMs are stateless. Checked with the shared schema and pool rules before
// it is sent; the BFF's refusals land under their inputs. Edit changes description,
// size (it only grows), prestarted VMs and VMs per user, as oVirt's does.
import { useQuery } from '@tanstack/react-query';
import { POOL_LIMITS, POOL_TYPES, type PoolType } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import {
  CheckField,
  CommandDialog,
  FormRow,
  IdOptions,
  LoadError,
  NameFields,
  SelectField,
  TextField,
  ValueOptions,
} from '../layout/formParts.js';
import { useCommandForm, usePatchForm, type NewOrEditRequest } from '../vms/commandForm.js';
import { useFormOptions } from '../vms/formOptions.js';
import {
  NEW_POOL,
  POOL_TYPE_HINT,
  poolCreateOf,
  poolFormOf,
  poolUpdateOf,
  validatePoolCreate,
  validatePoolUpdate,
  type PoolForm,
} from './poolForm.js';

const FIELDS = [
  'name',
  'description',
  'clusterId',
  'templateId',
  'poolType',
  'size',
  'prestarted',
  'maxPerUser',
  'stateless',
];

export type PoolDialogRequest = NewOrEditRequest;

export function PoolDialog(props: {
  request: PoolDialogRequest;
  onClose: () => void;
  onDone: (pool: { id: string; name: string; jobIds: readonly string[] }) => void;
}) {
  const { request, onClose } = props;
  const editing = request.mode === 'edit';
  const client = useTRPCClient();
  const { initial, form, set } = usePatchForm<PoolForm>(() =>
    request.mode === 'edit' ? poolFormOf(request.row) : NEW_POOL,
  );
  const { errors, busy, accept, run } = useCommandForm(FIELDS);
  // New Pool offers the VM dialogs' clusters and, for the chosen one (the first until
  // one is chosen), its templates.
  const trpc = useTRPC();
  const clusterList = useQuery({ ...trpc.vm.formOptions.queryOptions({}), enabled: !editing });
  const clusterId = editing ? '' : form.clusterId || clusterList.data?.clusters[0]?.id || '';
  const options = useFormOptions(editing ? {} : { id: clusterId || undefined });
  const templates = (options.options?.templates ?? []).filter((t) => t.name !== 'Blank');
  const templateId = editing ? '' : form.templateId || templates[0]?.id || '';

  const submit = async () => {
    if (request.mode === 'new') {
      const complete = { ...form, clusterId, templateId };
      if (!accept(validatePoolCreate(complete))) return;
      await run(async () => {
        const { id, jobIds } = await client.pool.create.mutate(poolCreateOf(complete));
        props.onDone({ id, name: form.name.trim(), jobIds });
      });
      return;
    }
    const input = poolUpdateOf(request.row.id, initial, form);
    if (!accept(validatePoolUpdate(input, initial))) return;
    await run(async () => {
      const { jobIds } = await client.pool.update.mutate(input);
      props.onDone({ id: request.row.id, name: initial.name, jobIds });
    });
  };

  const f = errors.fields;
  const row = request.mode === 'edit' ? request.row : null;
  return (
    <CommandDialog
      title={editing ? 'Edit Pool' : 'New Pool'}
      testId="pool-dialog"
      width={520}
      okTestId="pool-dialog-ok"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      {!editing && <LoadError error={options.error} />}
      {editing ? (
        <>
          <FormRow label="Cluster">
            <span data-testid="pool-cluster">{String(row?.cluster ?? '')}</span>
          </FormRow>
          <FormRow label="Template">
            <span data-testid="pool-template">{String(row?.template ?? '')}</span>
          </FormRow>
        </>
      ) : (
        <>
          <SelectField
            label="Cluster"
            field="clusterId"
            errors={f}
            testId="pool-cluster"
            value={clusterId}
            onChange={(v) => set({ clusterId: v, templateId: '' })}
          >
            {options.clusters.length === 0 && <option value="">No cluster</option>}
            <IdOptions items={options.clusters} label={(c) => `${c.name} (${c.dataCenter})`} />
          </SelectField>
          <SelectField
            label="Template"
            field="templateId"
            errors={f}
            testId="pool-template"
            value={templateId}
            onChange={(v) => set({ templateId: v })}
          >
            {templates.length === 0 && (
              <option value="">
                {options.loading ? 'Loading…' : 'No template for this cluster'}
              </option>
            )}
            <IdOptions items={templates} label={(t) => t.name} />
          </SelectField>
        </>
      )}
      {editing ? (
        <>
          <FormRow label="Name">
            <span data-testid="pool-name">{initial.name}</span>
          </FormRow>
          <TextField
            label="Description"
            field="description"
            errors={f}
            testId="pool-description"
            value={form.description}
            onChange={(v) => set({ description: v })}
          />
        </>
      ) : (
        <NameFields
          testIdPrefix="pool"
          name={form.name}
          description={form.description}
          errors={f}
          onChange={set}
        />
      )}
      <SelectField
        label="Pool Type"
        field="poolType"
        errors={f}
        testId="pool-type"
        value={form.poolType}
        disabled={editing}
        onChange={(v) => set({ poolType: v as PoolType })}
      >
        <ValueOptions values={POOL_TYPES} />
      </SelectField>
      <p className="form-hint">{POOL_TYPE_HINT[form.poolType]}</p>
      <TextField
        label="Number of VMs"
        field="size"
        errors={f}
        testId="pool-size"
        type="number"
        min={editing ? Number(initial.size) : POOL_LIMITS.sizeMin}
        max={POOL_LIMITS.sizeMax}
        value={form.size}
        onChange={(v) => set({ size: v })}
      />
      <TextField
        label="Prestarted VMs"
        field="prestarted"
        errors={f}
        title="Free VMs the engine keeps running, ready to be taken."
        testId="pool-prestarted"
        type="number"
        min={0}
        max={POOL_LIMITS.sizeMax}
        value={form.prestarted}
        onChange={(v) => set({ prestarted: v })}
      />
      <TextField
        label="Max VMs per User"
        field="maxPerUser"
        errors={f}
        testId="pool-max-per-user"
        type="number"
        min={1}
        max={POOL_LIMITS.maxPerUserMax}
        value={form.maxPerUser}
        onChange={(v) => set({ maxPerUser: v })}
      />
      <CheckField
        label="Stateless"
        field="stateless"
        errors={f}
        title="A VM's disks return to the template's state when it goes Down."
        testId="pool-stateless"
        checked={form.stateless}
        disabled={editing}
        onChange={(v) => set({ stateless: v })}
      />
    </CommandDialog>
  );
}
