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
import { submitOnEnter } from '../actions/submitOnEnter.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FormErrorList,
  LoadError,
  ValueOptions,
  invalidProps,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { domainLabel, domainRefusal, useDiskOptions } from './useDiskOptions.js';

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
    <Dialog
      title="New Virtual Disk"
      testId="disk-dialog"
      width={520}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons okLabel="OK" okTestId="disk-dialog-ok" busy={busy} onCancel={onClose} />
      }
    >
      <div className="dialog-fields" onKeyDown={submitOnEnter}>
        <LoadError error={options.error} />
        <FormErrorList errors={errors.form} />
        <Field label="Alias" field="alias" errors={f}>
          <input
            {...invalidProps('alias', f)}
            data-testid="disk-alias"
            value={alias}
            autoFocus
            onChange={(e) => setAlias(e.target.value)}
          />
        </Field>
        <Field label="Description" field="description" errors={f}>
          <input
            {...invalidProps('description', f)}
            data-testid="disk-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </Field>
        <Field label="Size (GB)" field="sizeGb" errors={f}>
          <input
            {...invalidProps('sizeGb', f)}
            data-testid="disk-size"
            inputMode="numeric"
            value={size}
            onChange={(e) => setSize(e.target.value)}
          />
        </Field>
        <Field label="Storage Domain" field="storageDomainId" errors={f}>
          <select
            {...invalidProps('storageDomainId', f)}
            data-testid="disk-domain"
            value={chosen}
            onChange={(e) => {
              setDomainId(e.target.value);
              setVmId('');
            }}
          >
            {options.isLoading && <option value="">Loading storage domains…</option>}
            {domains.map((d) => {
              const why = domainRefusal(d);
              return (
                <option key={d.id} value={d.id} disabled={Boolean(why)}>
                  {domainLabel(d)}
                  {why ? ` — ${why}` : ''}
                </option>
              );
            })}
          </select>
        </Field>
        <Field label="Format" field="format" errors={f}>
          <select
            {...invalidProps('format', f)}
            data-testid="disk-format"
            value={format}
            onChange={(e) => setFormat(e.target.value === 'RAW' ? 'RAW' : 'COW')}
          >
            <option value="COW">qcow2</option>
            <option value="RAW">raw</option>
          </select>
        </Field>
        <Field label="Allocation Policy" field="sparse" errors={f}>
          <select
            {...invalidProps('sparse', f)}
            data-testid="disk-allocation"
            value={sparse ? 'thin' : 'preallocated'}
            onChange={(e) => setSparse(e.target.value === 'thin')}
          >
            <option value="thin">Thin Provision</option>
            <option value="preallocated">Preallocated</option>
          </select>
        </Field>
        <Field label="Interface" field="interface" errors={f}>
          <select
            {...invalidProps('interface', f)}
            data-testid="disk-interface"
            value={iface}
            onChange={(e) => setIface(e.target.value as DiskInterface)}
          >
            <ValueOptions values={DISK_INTERFACES} />
          </select>
        </Field>
        <Field label="Attach to VM" field="vmId" errors={f}>
          <select
            {...invalidProps('vmId', f)}
            data-testid="disk-vm"
            value={vmId}
            onChange={(e) => setVmId(e.target.value)}
          >
            <option value="">None (a floating disk)</option>
            {vms.map((v) => (
              <option key={v.id} value={v.id} disabled={v.status !== 'Down'}>
                {v.name}
                {v.status !== 'Down' ? ` — ${v.status}: only a Down VM takes a new disk` : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Bootable" field="bootable" errors={f}>
          <input
            type="checkbox"
            data-testid="disk-bootable"
            checked={bootable}
            disabled={!vmId}
            onChange={(e) => setBootable(e.target.checked)}
          />
        </Field>
        {options.isSuccess && usable.length === 0 && (
          <p className="form-hint" data-testid="disk-no-domain">
            No Active Data domain: attach and activate one first.
          </p>
        )}
      </div>
    </Dialog>
  );
}
