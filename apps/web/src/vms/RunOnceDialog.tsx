// Run Once: start a VM this one time on a chosen host and/or with an ISO image as its
// CD-ROM (to install an OS), without changing its configuration.
import { useState } from 'react';
import { vmRunOnceInput } from '@corral/shared';
import { errorMessage, formErrorsOf, placeFormErrors, type FormErrors } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { formatSize } from '../grid/format.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FieldError,
  FormErrorList,
  FormRow,
  NO_FORM_ERRORS,
  invalidProps,
} from '../layout/formParts.js';
import { rowLabel } from '../actions/actionModel.js';
import { useFormOptions } from './formOptions.js';
import { issuesByField } from './vmForm.js';
import type { VmRow } from './MigrateDialog.js';

const FIELDS = ['hostId', 'cdrom'];

export function RunOnceDialog(props: {
  vm: VmRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { vm, onClose } = props;
  const client = useTRPCClient();
  const opts = useFormOptions({ name: typeof vm.cluster === 'string' ? vm.cluster : '' });
  const [hostId, setHostId] = useState('');
  const [cdrom, setCdrom] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const input = { id: vm.id, hostId: hostId || null, cdrom: cdrom.trim() || null };
    const parsed = vmRunOnceInput.safeParse(input);
    if (!parsed.success) {
      setErrors(placeFormErrors(issuesByField(parsed.error.issues), FIELDS));
      return;
    }
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      const { jobIds } = await client.vm.runOnce.mutate(input);
      props.onDone(jobIds);
    } catch (err) {
      setErrors(placeFormErrors(formErrorsOf(err), FIELDS));
    } finally {
      setBusy(false);
    }
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
      {opts.error && <FormErrorList errors={[errorMessage(opts.error)]} />}
      <FormErrorList errors={errors.form} />
      <FormRow label="Run on">
        <select
          {...invalidProps('hostId', errors.fields)}
          data-testid="runonce-host"
          value={hostId}
          autoFocus
          onChange={(e) => setHostId(e.target.value)}
        >
          <option value="">Any host in the cluster</option>
          {opts.loading && <option disabled>Loading hosts…</option>}
          {(opts.options?.hosts ?? []).map((h) => (
            <option key={h.id} value={h.id} disabled={h.status !== 'Up'}>
              {h.name} — {formatSize(h.freeMemoryMb, 'MB')} free
              {h.status !== 'Up' ? ` (${h.status})` : ''}
            </option>
          ))}
        </select>
      </FormRow>
      <FieldError field="hostId" errors={errors.fields} />
      <FormRow label="CD image">
        <input
          {...invalidProps('cdrom', errors.fields)}
          data-testid="runonce-cdrom"
          className={`${invalidProps('cdrom', errors.fields).className} mono`}
          placeholder="/var/lib/libvirt/images/installer.iso"
          value={cdrom}
          spellCheck={false}
          onChange={(e) => setCdrom(e.target.value)}
        />
      </FormRow>
      <FieldError field="cdrom" errors={errors.fields} />
    </Dialog>
  );
}
