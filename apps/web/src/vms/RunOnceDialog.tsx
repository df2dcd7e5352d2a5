// Run Once: start a VM this one time on a chosen host, with an ISO image as its CD-ROM
// (to install an OS; chosen from the data center's ISO domain, or any path typed) and/or booting a Linux kernel directly (oVirt's "Linux Boot
// Options": kernel, initrd, parameters), without changing its configuration.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { vmRunOnceInput } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FormErrorList,
  LoadError,
  invalidProps,
} from '../layout/formParts.js';
import { rowLabel } from '../actions/actionModel.js';
import { useCommandForm } from './commandForm.js';
import { useFormOptions } from './formOptions.js';
import { HostOptions } from './HostOptions.js';
import type { VmRow } from './MigrateDialog.js';

const FIELDS = ['hostId', 'cdrom', 'kernel', 'initrd', 'kernelParams'];

export function RunOnceDialog(props: {
  vm: VmRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { vm, onClose } = props;
  const client = useTRPCClient();
  const trpc = useTRPC();
  // The data center's ISO library: its files fill the CD path; any path can be typed.
  const isos = useQuery({
    ...trpc.disk.isoFiles.queryOptions({ vmId: vm.id }),
    refetchOnMount: 'always',
  });
  const opts = useFormOptions({ name: typeof vm.cluster === 'string' ? vm.cluster : '' });
  const [hostId, setHostId] = useState('');
  const [cdrom, setCdrom] = useState('');
  const [kernel, setKernel] = useState('');
  const [initrd, setInitrd] = useState('');
  const [kernelParams, setKernelParams] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const submit = async () => {
    const input = {
      id: vm.id,
      hostId: hostId || null,
      cdrom: cdrom.trim() || null,
      kernel: kernel.trim() || null,
      initrd: initrd.trim() || null,
      kernelParams: kernelParams.trim() || null,
    };
    if (!check(vmRunOnceInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.vm.runOnce.mutate(input);
      props.onDone(jobIds);
    });
  };

  return (
    <Dialog
      title={`Run Virtual Machine ${rowLabel(vm)} Once`}
      testId="runonce-dialog"
      width={520}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogButtons okLabel="OK" okTestId="runonce-ok" busy={busy} onCancel={onClose} />}
    >
      <LoadError error={opts.error} />
      <FormErrorList errors={errors.form} />
      <Field label="Run on" field="hostId" errors={errors.fields}>
        <select
          {...invalidProps('hostId', errors.fields)}
          data-testid="runonce-host"
          value={hostId}
          autoFocus
          onChange={(e) => setHostId(e.target.value)}
        >
          <option value="">Any host in the cluster</option>
          {opts.loading && <option disabled>Loading hosts…</option>}
          <HostOptions hosts={opts.options?.hosts ?? []} />
        </select>
      </Field>
      <Field label="ISO library" field="cdromIso" errors={errors.fields}>
        <select
          data-testid="runonce-cdrom-iso"
          value={isos.data?.files.some((i) => i.path === cdrom) ? cdrom : ''}
          title={isos.data?.reason}
          onChange={(e) => setCdrom(e.target.value)}
        >
          <option value="">
            {isos.isLoading
              ? 'Reading the ISO domain…'
              : isos.data?.files.length
                ? `No ISO from ${isos.data.domain?.name ?? 'the ISO domain'} (type a path below)`
                : `No ISO files${isos.data?.reason ? `: ${isos.data.reason}` : ''}`}
          </option>
          {(isos.data?.files ?? []).map((i) => (
            <option key={i.path} value={i.path}>
              {i.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="CD image" field="cdrom" errors={errors.fields}>
        <input
          {...invalidProps('cdrom', errors.fields, 'mono')}
          data-testid="runonce-cdrom"
          placeholder="/var/lib/libvirt/images/installer.iso"
          value={cdrom}
          spellCheck={false}
          onChange={(e) => setCdrom(e.target.value)}
        />
      </Field>
      <fieldset
        style={{
          margin: '14px 0 0',
          // No left padding: the labels line up with the rows above.
          padding: '0 10px 10px 0',
          border: '1px solid var(--border)',
          borderRadius: 'var(--radius)',
        }}
      >
        <legend style={{ marginLeft: 10, padding: '0 4px', color: 'var(--text-muted)' }}>
          Linux boot options
        </legend>
        <Field label="Kernel path" field="kernel" errors={errors.fields}>
          <input
            {...invalidProps('kernel', errors.fields, 'mono')}
            data-testid="runonce-kernel"
            placeholder="/var/lib/libvirt/images/vmlinuz"
            value={kernel}
            spellCheck={false}
            onChange={(e) => setKernel(e.target.value)}
          />
        </Field>
        <Field label="Initrd path" field="initrd" errors={errors.fields}>
          <input
            {...invalidProps('initrd', errors.fields, 'mono')}
            data-testid="runonce-initrd"
            placeholder="/var/lib/libvirt/images/initrd.img"
            value={initrd}
            spellCheck={false}
            onChange={(e) => setInitrd(e.target.value)}
          />
        </Field>
        <Field label="Kernel parameters" field="kernelParams" errors={errors.fields}>
          <input
            {...invalidProps('kernelParams', errors.fields, 'mono')}
            data-testid="runonce-kernel-params"
            placeholder="console=ttyS0"
            value={kernelParams}
            spellCheck={false}
            onChange={(e) => setKernelParams(e.target.value)}
          />
        </Field>
        <p className="form-hint">
          Paths on the host. With a kernel the VM boots it instead of its disks or CD, this run
          only.
        </p>
      </fieldset>
    </Dialog>
  );
}
