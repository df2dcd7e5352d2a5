// New Disk (the Disks tab): alias, size, Data domain, qcow2 or raw, thin or
// preallocated, interface, bootable, and optionally a Down VM to attach it to at once.
// The shared schema judges on OK; the BFF's refusals land under their field.
import { useState } from 'react';
import {
  DISK_INTERFACES,
  diskCreateInput,
  type DiskFormat,
  type DiskInterface,
} from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import {
  CheckField,
  CommandDialog,
  SelectField,
  TextField,
  ValueOptions,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { DomainOptions } from './DomainOptions.js';
import { domainRefusal, useDiskOptions } from './useDiskOptions.js';

const FIELDS = [
  'alias',
  'description',
  'sizeGb',
  'storageDomainId',
  'format',
  'sparse',
  'interface',
  'bootable',
  'vmId',
];

export function NewDiskDialog(props: {
  onClose: () => void;
  onDone: (alias: string, jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const client = useTRPCClient();
  const options = useDiskOptions();
  const [alias, setAlias] = useState('');
  const [description, setDescription] = useState('');
  const [size, setSize] = useState('10');
  const [domainId, setDomainId] = useState('');
  const [format, setFormat] = useState<DiskFormat>('COW');
  const [sparse, setSparse] = useState(true);
  const [iface, setIface] = useState<DiskInterface>('VirtIO-SCSI');
  const [bootable, setBootable] = useState(false);
  const [vmId, setVmId] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const domains = options.data?.domains ?? [];
  const usable = domains.filter((d) => !domainRefusal(d));
  const chosen = domainId || usable[0]?.id || '';
  const dc = domains.find((d) => d.id === chosen)?.dataCenterId;
  const vms = (options.data?.vms ?? []).filter((v) => v.dataCenterId === dc);

  const submit = async () => {
    const input = {
      alias,
      description,
      sizeGb: size.trim() === '' ? Number.NaN : Number(size),
      storageDomainId: chosen,
      format,
      sparse,
      interface: iface,
      bootable,
      vmId: vmId || null,
    };
    if (!check(diskCreateInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.disk.create.mutate(input);
      props.onDone(alias.trim(), jobIds);
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title="New Virtual Disk"
      testId="disk-dialog"
      width={520}
      okTestId="disk-dialog-ok"
      busy={busy}
      errors={errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label="Alias"
        field="alias"
        errors={f}
        testId="disk-alias"
        value={alias}
        autoFocus
        onChange={setAlias}
      />
      <TextField
        label="Description"
        field="description"
        errors={f}
        testId="disk-description"
        value={description}
        onChange={setDescription}
      />
      <TextField
        label="Size (GB)"
        field="sizeGb"
        errors={f}
        testId="disk-size"
        inputMode="numeric"
        value={size}
        onChange={setSize}
      />
      <SelectField
        label="Storage Domain"
        field="storageDomainId"
        errors={f}
        testId="disk-domain"
        value={chosen}
        onChange={(v) => {
          setDomainId(v);
          setVmId('');
        }}
      >
        <DomainOptions loading={options.isLoading} domains={domains} />
      </SelectField>
      <SelectField
        label="Format"
        field="format"
        errors={f}
        testId="disk-format"
        value={format}
        onChange={(v) => setFormat(v === 'RAW' ? 'RAW' : 'COW')}
      >
        <option value="COW">qcow2</option>
        <option value="RAW">raw</option>
      </SelectField>
      <SelectField
        label="Allocation Policy"
        field="sparse"
        errors={f}
        testId="disk-allocation"
        value={sparse ? 'thin' : 'preallocated'}
        onChange={(v) => setSparse(v === 'thin')}
      >
        <option value="thin">Thin Provision</option>
        <option value="preallocated">Preallocated</option>
      </SelectField>
      <SelectField
        label="Interface"
        field="interface"
        errors={f}
        testId="disk-interface"
        value={iface}
        onChange={(v) => setIface(v as DiskInterface)}
      >
        <ValueOptions values={DISK_INTERFACES} />
      </SelectField>
      <SelectField
        label="Attach to VM"
        field="vmId"
        errors={f}
        testId="disk-vm"
        value={vmId}
        onChange={setVmId}
      >
        <option value="">None (a floating disk)</option>
        {vms.map((v) => (
          <option key={v.id} value={v.id} disabled={v.status !== 'Down'}>
            {v.name}
            {v.status !== 'Down' ? ` — ${v.status}: only a Down VM takes a new disk` : ''}
          </option>
        ))}
      </SelectField>
      <CheckField
        label="Bootable"
        field="bootable"
        errors={f}
        testId="disk-bootable"
        checked={bootable}
        disabled={!vmId}
        onChange={setBootable}
      />
      {options.isSuccess && usable.length === 0 && (
        <p className="form-hint" data-testid="disk-no-domain">
          No Active Data domain: attach and activate one first.
        </p>
      )}
    </CommandDialog>
  );
}
