// New / Edit Virtual Machine, as oVirt's dialog: General (cluster, template, name, OS,
// type, memory, CPUs, HA, display), Disks and Network Interfaces. The shared schema
// checks the form before it is sent; a refusal from the BFF lands under its input.
import { useState } from 'react';
import {
  OPERATING_SYSTEMS,
  VM_TYPES,
  DISPLAY_PROTOCOLS,
  vmFieldEditable,
  type StorageAllocation,
} from '@corral/shared';
import { formErrorsOf, placeFormErrors, type FormErrors } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { formatSize } from '../grid/format.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FieldError,
  FormErrorList,
  IdOptions,
  LoadError,
  NO_FORM_ERRORS,
  ValueOptions,
  invalidProps,
} from '../layout/formParts.js';
import { Icon } from '../layout/icons.js';
import { vmStateOf } from '../actions/rowState.js';
import { useFormOptions } from './formOptions.js';
import {
  addDisk,
  addNic,
  applyTemplate,
  editVmForm,
  hasIssues,
  newVmForm,
  setBootable,
  toCreateInput,
  toUpdateInput,
  validateCreate,
  validateUpdate,
  type FieldErrors,
  type VmFormState,
} from './vmForm.js';

export type VmDialogRequest =
  | { readonly mode: 'new' }
  | { readonly mode: 'edit'; readonly row: Record<string, unknown> & { id: string } };

export interface VmDialogResult {
  readonly name: string;
  readonly jobIds: readonly string[];
}

type Tab = 'general' | 'disks' | 'nics';

const GENERAL_FIELDS = [
  'clusterId',
  'templateId',
  'storageAllocation',
  'name',
  'description',
  'os',
  'vmType',
  'memoryMb',
  'vcpus',
  'ha',
  'display',
];

/** The tab an input is on, for jumping to the first error. */
function tabOf(field: string): Tab {
  if (field.startsWith('disks')) return 'disks';
  if (field.startsWith('nics')) return 'nics';
  return 'general';
}

export function VmDialog(props: {
  request: VmDialogRequest;
  onClose: () => void;
  onDone: (result: VmDialogResult) => void;
}) {
  const { request, onClose } = props;
  const client = useTRPCClient();
  const editing = request.mode === 'edit' ? request.row : null;
  const [clusterChoice, setClusterChoice] = useState<string | undefined>(undefined);
  const opts = useFormOptions(
    clusterChoice
      ? { id: clusterChoice }
      : editing
        ? { name: typeof editing.cluster === 'string' ? editing.cluster : '' }
        : { id: undefined },
  );
  const defaultCluster = opts.clusterId ?? opts.clusters[0]?.id ?? '';
  const [state, setState] = useState<VmFormState | null>(null);
  const [initial, setInitial] = useState<VmFormState | null>(null);
  const [tab, setTab] = useState<Tab>('general');
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);
  // oVirt's Storage Allocation for a template's disks: Thin layers on its images, or Clone.
  const [allocation, setAllocation] = useState<StorageAllocation>('Thin');

  // The form starts once the clusters are known: a new VM goes to the first cluster.
  if (!state && defaultCluster && (!editing || opts.clusterId)) {
    const start = editing ? editVmForm(editing, defaultCluster) : newVmForm(defaultCluster);
    setState(start);
    setInitial(start);
    if (!clusterChoice) setClusterChoice(start.clusterId);
  }

  const o = opts.options;
  const locked = (field: string) =>
    editing ? vmFieldEditable(vmStateOf(editing), field) : { allowed: true };

  const update = (patch: Partial<VmFormState>) => {
    setState((s) => (s ? { ...s, ...patch } : s));
  };

  const fail = (issues: FormErrors) => {
    setErrors(issues);
    const first = Object.keys(issues.fields)[0];
    if (first) setTab(tabOf(first));
  };

  const submit = async () => {
    if (!state || busy) return;
    if (editing && initial) {
      const input = toUpdateInput(editing.id, initial, state);
      const invalid = validateUpdate(input);
      if (hasIssues(invalid)) return fail(invalid);
      setBusy(true);
      try {
        const { jobIds } = await client.vm.update.mutate(input);
        props.onDone({ name: state.name, jobIds });
      } catch (err) {
        fail(placeFormErrors(formErrorsOf(err), GENERAL_FIELDS));
      } finally {
        setBusy(false);
      }
      return;
    }
    const invalid = validateCreate(state);
    if (hasIssues(invalid)) return fail(invalid);
    setBusy(true);
    try {
      const { jobIds } = await client.vm.create.mutate({
        ...toCreateInput(state),
        storageAllocation: state.templateId ? allocation : 'Clone',
      });
      props.onDone({ name: state.name, jobIds });
    } catch (err) {
      const fe = formErrorsOf(err);
      const shown = [
        ...GENERAL_FIELDS,
        ...state.disks.flatMap((_, i) => [`disks.${i}.sizeGb`, `disks.${i}.storageDomainId`]),
        ...state.nics.map((_, i) => `nics.${i}.networkId`),
        'disks',
        'nics',
      ];
      fail(placeFormErrors(fe, shown));
    } finally {
      setBusy(false);
    }
  };

  const fields = errors.fields;
  const hasErrorsOn = (t: Tab) => Object.keys(fields).some((f) => tabOf(f) === t);
  const tabs: { key: Tab; label: string }[] = editing
    ? [{ key: 'general', label: 'General' }]
    : [
        { key: 'general', label: 'General' },
        { key: 'disks', label: `Disks${state?.disks.length ? ` (${state.disks.length})` : ''}` },
        {
          key: 'nics',
          label: `Network Interfaces${state?.nics.length ? ` (${state.nics.length})` : ''}`,
        },
      ];

  return (
    <Dialog
      title={editing ? `Edit Virtual Machine ${String(editing.name ?? '')}` : 'New Virtual Machine'}
      testId="vm-dialog"
      width={720}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="OK"
          okTestId="vm-dialog-ok"
          busy={busy || !state}
          onCancel={onClose}
        />
      }
    >
      <LoadError error={opts.error} />
      <FormErrorList errors={errors.form} />
      {tabs.length > 1 && (
        <div className="dialog-tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.key}
              type="button"
              role="tab"
              aria-selected={tab === t.key}
              className={`dialog-tab${tab === t.key ? ' is-active' : ''}${hasErrorsOn(t.key) ? ' has-error' : ''}`}
              data-testid={`vm-tab-${t.key}`}
              onClick={() => setTab(t.key)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
      {!state ? (
        <p className="panel-message">
          {opts.loading ? 'Loading…' : 'No cluster to create a VM in.'}
        </p>
      ) : tab === 'general' ? (
        <div className="form-grid">
          <div>
            <Field
              label="Cluster"
              field="clusterId"
              errors={fields}
              title={locked('clusterId').reason}
            >
              <select
                {...invalidProps('clusterId', fields)}
                data-testid="vm-cluster"
                value={state.clusterId}
                disabled={!locked('clusterId').allowed}
                onChange={(e) => {
                  setClusterChoice(e.target.value);
                  // Templates, domains and networks belong to the cluster: choose again.
                  update({ clusterId: e.target.value, templateId: '', disks: [], nics: [] });
                }}
              >
                <IdOptions items={opts.clusters} label={(c) => c.name} />
              </select>
            </Field>
            {!editing && (
              <>
                <Field label="Template" field="templateId" errors={fields}>
                  <select
                    {...invalidProps('templateId', fields)}
                    data-testid="vm-template"
                    value={state.templateId}
                    onChange={(e) => {
                      const t = o?.templates.find((x) => x.id === e.target.value);
                      setState((s) => (s ? applyTemplate(s, e.target.value, t) : s));
                    }}
                  >
                    <option value="">Blank</option>
                    <IdOptions items={o?.templates ?? []} label={(t) => t.name} />
                  </select>
                </Field>
                {state.templateId && (
                  <Field label="Storage Allocation" field="storageAllocation" errors={fields}>
                    <select
                      {...invalidProps('storageAllocation', fields)}
                      data-testid="vm-storage-allocation"
                      value={allocation}
                      title="Thin: the VM's disks are layers on the template's images (fast, the template stays while the VM does). Clone: independent copies."
                      onChange={(e) => setAllocation(e.target.value === 'Clone' ? 'Clone' : 'Thin')}
                    >
                      <option value="Thin">Thin</option>
                      <option value="Clone">Clone</option>
                    </select>
                  </Field>
                )}
              </>
            )}
            <Field label="Name" field="name" errors={fields}>
              <input
                {...invalidProps('name', fields)}
                data-testid="vm-name"
                value={state.name}
                autoFocus
                spellCheck={false}
                onChange={(e) => update({ name: e.target.value })}
              />
            </Field>
            <Field label="Description" field="description" errors={fields}>
              <input
                {...invalidProps('description', fields)}
                data-testid="vm-description"
                value={state.description}
                onChange={(e) => update({ description: e.target.value })}
              />
            </Field>
            <Field label="Operating System" field="os" errors={fields} title={locked('os').reason}>
              <select
                {...invalidProps('os', fields)}
                data-testid="vm-os"
                value={state.os}
                disabled={!locked('os').allowed}
                onChange={(e) => update({ os: e.target.value })}
              >
                <IdOptions items={OPERATING_SYSTEMS} label={(os) => os.label} />
              </select>
            </Field>
            <Field
              label="Optimized for"
              field="vmType"
              errors={fields}
              title={locked('vmType').reason}
            >
              <select
                {...invalidProps('vmType', fields)}
                data-testid="vm-type"
                value={state.vmType}
                disabled={!locked('vmType').allowed}
                onChange={(e) => update({ vmType: e.target.value as VmFormState['vmType'] })}
              >
                <ValueOptions values={VM_TYPES} />
              </select>
            </Field>
          </div>
          <div>
            <Field
              label="Memory (MB)"
              field="memoryMb"
              errors={fields}
              title={locked('memoryMb').reason}
            >
              <input
                {...invalidProps('memoryMb', fields)}
                data-testid="vm-memory"
                inputMode="numeric"
                value={state.memoryMb}
                disabled={!locked('memoryMb').allowed}
                onChange={(e) => update({ memoryMb: e.target.value })}
              />
            </Field>
            <Field
              label="Virtual CPUs"
              field="vcpus"
              errors={fields}
              title={locked('vcpus').reason}
            >
              <input
                {...invalidProps('vcpus', fields)}
                data-testid="vm-vcpus"
                inputMode="numeric"
                value={state.vcpus}
                disabled={!locked('vcpus').allowed}
                onChange={(e) => update({ vcpus: e.target.value })}
              />
            </Field>
            <Field label="Display" field="display" errors={fields} title={locked('display').reason}>
              <select
                {...invalidProps('display', fields)}
                data-testid="vm-display"
                value={state.display}
                disabled={!locked('display').allowed}
                onChange={(e) => update({ display: e.target.value as VmFormState['display'] })}
              >
                <ValueOptions values={DISPLAY_PROTOCOLS} />
              </select>
            </Field>
            <label className="form-check">
              <input
                type="checkbox"
                data-testid="vm-ha"
                checked={state.ha}
                onChange={(e) => update({ ha: e.target.checked })}
              />
              Highly available
            </label>
            <FieldError field="ha" errors={fields} />
            {editing && !locked('memoryMb').allowed && (
              <p className="form-hint">{locked('memoryMb').reason}</p>
            )}
          </div>
        </div>
      ) : tab === 'disks' ? (
        <DisksTab state={state} setState={setState} fields={fields} options={o} />
      ) : (
        <NicsTab state={state} setState={setState} fields={fields} options={o} />
      )}
    </Dialog>
  );
}

type Options = ReturnType<typeof useFormOptions>['options'];

function DisksTab(props: {
  state: VmFormState;
  setState: (f: (s: VmFormState | null) => VmFormState | null) => void;
  fields: FieldErrors;
  options: Options;
}) {
  const { state, setState, fields, options } = props;
  const domains = options?.storageDomains ?? [];
  const set = (key: number, patch: Partial<VmFormState['disks'][number]>) =>
    setState((s) =>
      s ? { ...s, disks: s.disks.map((d) => (d.key === key ? { ...d, ...patch } : d)) } : s,
    );
  return (
    <div>
      {state.disks.length === 0 ? (
        <p className="rows-empty">
          {state.templateId ? 'The template’s disks come with it. ' : ''}Add a disk to give the VM
          storage of its own.
        </p>
      ) : (
        <table className="rows-table">
          <thead>
            <tr>
              <th>Size (GB)</th>
              <th>Storage Domain</th>
              <th>Allocation</th>
              <th>Bootable</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.disks.map((d, i) => (
              <tr key={d.key} data-testid="vm-disk-row">
                <td style={{ width: 110 }}>
                  <input
                    {...invalidProps(`disks.${i}.sizeGb`, fields)}
                    data-testid="vm-disk-size"
                    inputMode="numeric"
                    value={d.sizeGb}
                    onChange={(e) => set(d.key, { sizeGb: e.target.value })}
                  />
                  <FieldError field={`disks.${i}.sizeGb`} errors={fields} />
                </td>
                <td>
                  <select
                    {...invalidProps(`disks.${i}.storageDomainId`, fields)}
                    data-testid="vm-disk-domain"
                    value={d.storageDomainId}
                    onChange={(e) => set(d.key, { storageDomainId: e.target.value })}
                  >
                    <option value="">Choose…</option>
                    <IdOptions
                      items={domains}
                      label={(sd) => (
                        <>
                          {sd.name} ({formatSize(sd.freeGb, 'GB')} free)
                        </>
                      )}
                    />
                  </select>
                  <FieldError field={`disks.${i}.storageDomainId`} errors={fields} />
                </td>
                <td style={{ width: 140 }}>
                  <select
                    className="input"
                    data-testid="vm-disk-format"
                    value={d.format}
                    onChange={(e) =>
                      set(d.key, { format: e.target.value === 'RAW' ? 'RAW' : 'COW' })
                    }
                  >
                    <option value="COW">Thin Provision</option>
                    <option value="RAW">Preallocated</option>
                  </select>
                </td>
                <td style={{ width: 70, textAlign: 'center' }}>
                  <input
                    type="checkbox"
                    data-testid="vm-disk-bootable"
                    aria-label="Bootable"
                    checked={d.bootable}
                    onChange={(e) =>
                      setState((s) => (s ? setBootable(s, d.key, e.target.checked) : s))
                    }
                  />
                </td>
                <RemoveRowCell
                  label="Remove disk"
                  testId="vm-disk-remove"
                  onRemove={() =>
                    setState((s) =>
                      s ? { ...s, disks: s.disks.filter((x) => x.key !== d.key) } : s,
                    )
                  }
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError field="disks" errors={fields} />
      <AddRowButton
        label="Add Disk"
        testId="vm-disk-add"
        onAdd={() => setState((s) => (s ? addDisk(s, domains[0]?.id ?? '') : s))}
      />
    </div>
  );
}

function NicsTab(props: {
  state: VmFormState;
  setState: (f: (s: VmFormState | null) => VmFormState | null) => void;
  fields: FieldErrors;
  options: Options;
}) {
  const { state, setState, fields, options } = props;
  const networks = options?.networks ?? [];
  return (
    <div>
      {state.nics.length === 0 ? (
        <p className="rows-empty">Add a network interface to connect the VM to a network.</p>
      ) : (
        <table className="rows-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Network</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.nics.map((n, i) => (
              <tr key={n.key} data-testid="vm-nic-row">
                <td style={{ width: 90 }} className="mono">
                  nic{i + 1}
                </td>
                <td>
                  <select
                    {...invalidProps(`nics.${i}.networkId`, fields)}
                    data-testid="vm-nic-network"
                    value={n.networkId}
                    onChange={(e) =>
                      setState((s) =>
                        s
                          ? {
                              ...s,
                              nics: s.nics.map((x) =>
                                x.key === n.key ? { ...x, networkId: e.target.value } : x,
                              ),
                            }
                          : s,
                      )
                    }
                  >
                    <option value="">Choose…</option>
                    <IdOptions items={networks} label={(net) => net.name} />
                  </select>
                  <FieldError field={`nics.${i}.networkId`} errors={fields} />
                </td>
                <RemoveRowCell
                  label="Remove network interface"
                  testId="vm-nic-remove"
                  onRemove={() =>
                    setState((s) => (s ? { ...s, nics: s.nics.filter((x) => x.key !== n.key) } : s))
                  }
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError field="nics" errors={fields} />
      <AddRowButton
        label="Add Network Interface"
        testId="vm-nic-add"
        onAdd={() => setState((s) => (s ? addNic(s, networks[0]?.id ?? '') : s))}
      />
    </div>
  );
}

/** The last cell of a disk or NIC row: the button that takes the row out. */
function RemoveRowCell(props: { label: string; testId: string; onRemove: () => void }) {
  return (
    <td style={{ width: 28 }}>
      <button
        type="button"
        className="icon-button"
        aria-label={props.label}
        data-testid={props.testId}
        onClick={props.onRemove}
      >
        <Icon name="trash" size={12} />
      </button>
    </td>
  );
}

/** Under the disk or NIC table: the button that adds a row. */
function AddRowButton(props: { label: string; testId: string; onAdd: () => void }) {
  return (
    <div className="rows-actions">
      <button
        type="button"
        className="button button-small"
        data-testid={props.testId}
        onClick={props.onAdd}
      >
        <Icon name="plus" size={11} /> {props.label}
      </button>
    </div>
  );
}
