// New Domain: name, data center (or none: it stays Unattached), domain function (Data,
// ISO, Export), storage type with the inputs it needs, and the Up host that connects
// the storage and prepares the domain. Checked with the shared schema and the data
// center's rules before it is sent; the BFF's refusals land under their inputs.
import { useState } from 'react';
import {
  POSIX_VFS_TYPES,
  storageDomainCreateInput,
  type CreatableStorageType,
  type StorageDomainType,
} from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import {
  CommandDialog,
  NameFields,
  SelectField,
  TextField,
  ValueOptions,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import {
  NEW_STORAGE_DOMAIN,
  PATH_LABEL,
  PATH_PLACEHOLDER,
  domainTypesFor,
  fieldsFor,
  hostsFor,
  joinRule,
  settle,
  storageCreateOf,
  storageTypesFor,
  volumeChoice,
  type StorageForm,
} from './storageForm.js';
import { useStorageOptions } from './useStorageOptions.js';
import '../styles/setup.css';

const FIELDS = [
  'name',
  'description',
  'dataCenterId',
  'domainType',
  'storageType',
  'hostId',
  'path',
  'vfsType',
  'mountOptions',
  'glusterVolumeId',
];

const DOMAIN_FUNCTION_HINT: Record<StorageDomainType, string> = {
  Data: "Holds the VMs' disks; the first one attached becomes the data center's master.",
  ISO: 'Holds CD images to boot VMs from; one per data center.',
  Export: 'Moves VMs and templates between data centers; one per data center.',
};

export function StorageDomainDialog(props: {
  /** Guide Me's data center and domain function (New Storage Domain, New ISO Domain). */
  dataCenterId?: string | undefined;
  domainType?: StorageDomainType | undefined;
  onClose: () => void;
  onDone: (domain: { id: string; name: string; jobIds: readonly string[] }) => void;
}) {
  const { onClose } = props;
  const client = useTRPCClient();
  const [form, setForm] = useState<StorageForm>({
    ...NEW_STORAGE_DOMAIN,
    dataCenterId: props.dataCenterId ?? '',
    domainType: props.domainType ?? 'Data',
  });
  const options = useStorageOptions({
    dataCenterId: form.dataCenterId || null,
    storageType: form.storageType,
  });
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const data = options.data;
  const dataCenters = data?.dataCenters ?? [];
  const dc = dataCenters.find((d) => d.id === form.dataCenterId);
  const f0 = settle(form, dc?.storageType);
  const set = (patch: Partial<StorageForm>) =>
    setForm((f) => {
      const next = { ...f, ...patch };
      return settle(next, dataCenters.find((d) => d.id === next.dataCenterId)?.storageType);
    });
  const hosts = hostsFor(data?.hosts ?? [], f0.dataCenterId);
  const hostId = hosts.some((h) => h.id === f0.hostId) ? f0.hostId : (hosts[0]?.id ?? '');
  const shown = fieldsFor(f0);
  const volumes = data?.glusterVolumes ?? [];
  const volume = volumes.find((v) => v.id === f0.glusterVolumeId);

  const submit = async () => {
    const input = storageCreateOf(f0, hostId);
    // Judged here only on a current answer; otherwise the server judges.
    const join = dc && options.current ? joinRule(f0, dc) : { allowed: true };
    const schema = storageDomainCreateInput.superRefine((_, ctx) => {
      if (!join.allowed && join.reason)
        ctx.addIssue({ code: 'custom', path: ['dataCenterId'], message: join.reason });
      if (!hostId && options.current)
        ctx.addIssue({
          code: 'custom',
          path: ['hostId'],
          message: dc
            ? `No host of ${dc.name} is Up; the storage is prepared through an Up host.`
            : 'No host is Up; the storage is prepared through an Up host.',
        });
    });
    if (!check(schema, input)) return;
    await run(async () => {
      const r = await client.storage.create.mutate(input);
      props.onDone({ id: r.id, name: f0.name.trim(), jobIds: r.jobIds });
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title="New Domain"
      testId="sd-dialog"
      width={580}
      okTestId="sd-dialog-ok"
      busy={busy}
      errors={errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <NameFields
        testIdPrefix="sd"
        name={f0.name}
        description={f0.description}
        errors={f}
        onChange={set}
      />
      <SelectField
        label="Data Center"
        field="dataCenterId"
        errors={f}
        testId="sd-datacenter"
        value={f0.dataCenterId}
        onChange={(v) => set({ dataCenterId: v, hostId: '', glusterVolumeId: '' })}
      >
        <option value="">(none: leave it Unattached)</option>
        {dataCenters.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.storageType}, {d.status})
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Domain Function"
        field="domainType"
        errors={f}
        testId="sd-function"
        value={f0.domainType}
        onChange={(v) => set({ domainType: v as StorageDomainType })}
      >
        <ValueOptions values={domainTypesFor(f0.storageType)} />
      </SelectField>
      <p className="form-hint">{DOMAIN_FUNCTION_HINT[f0.domainType]}</p>
      <SelectField
        label="Storage Type"
        field="storageType"
        errors={f}
        testId="sd-type"
        value={f0.storageType}
        onChange={(v) => set({ storageType: v as CreatableStorageType, glusterVolumeId: '' })}
      >
        <ValueOptions values={storageTypesFor(dc?.storageType, f0.domainType)} />
      </SelectField>
      <SelectField
        label="Host to Use"
        field="hostId"
        errors={f}
        testId="sd-host"
        value={hostId}
        onChange={(v) => set({ hostId: v })}
      >
        {hosts.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name} ({h.cluster})
          </option>
        ))}
      </SelectField>
      {options.isSuccess && hosts.length === 0 && (
        <p className="form-hint" data-testid="sd-no-host">
          No host {dc ? `of ${dc.name} ` : ''}is Up: add one, or wait until it is.
        </p>
      )}
      {shown.glusterVolume && (
        <>
          <SelectField
            label="Gluster Volume"
            field="glusterVolumeId"
            errors={f}
            testId="sd-gluster-volume"
            value={f0.glusterVolumeId}
            onChange={(v) => set({ glusterVolumeId: v })}
          >
            <option value="">(enter server:/volume below)</option>
            {volumes.map((v) => {
              const choice = volumeChoice(v);
              return (
                <option key={v.id} value={v.id} disabled={choice.disabled} title={choice.reason}>
                  {choice.label}
                  {choice.disabled ? ' (not available)' : ''}
                </option>
              );
            })}
          </SelectField>
          {volume?.path && <p className="form-hint">Mounted as {volume.path}.</p>}
        </>
      )}
      {shown.vfsType && (
        <SelectField
          label="VFS Type"
          field="vfsType"
          errors={f}
          testId="sd-vfs-type"
          value={f0.vfsType}
          onChange={(v) => set({ vfsType: v })}
        >
          <option value="">(choose)</option>
          <ValueOptions values={POSIX_VFS_TYPES} />
        </SelectField>
      )}
      {shown.path && (
        <TextField
          label={PATH_LABEL[f0.storageType]}
          field="path"
          errors={f}
          mono
          testId="sd-path"
          value={f0.path}
          placeholder={PATH_PLACEHOLDER[f0.storageType]}
          spellCheck={false}
          onChange={(v) => set({ path: v })}
        />
      )}
      {shown.mountOptions && (
        <TextField
          label="Mount Options"
          field="mountOptions"
          errors={f}
          mono
          testId="sd-mount-options"
          value={f0.mountOptions}
          placeholder="optional, like noatime,vers=4.2"
          spellCheck={false}
          onChange={(v) => set({ mountOptions: v })}
        />
      )}
    </CommandDialog>
  );
}
