// Extend: oVirt's "Extend size by (GB)". A running VM's disk grows online; the job
// says which way it went.
import { useState } from 'react';
import { diskExtendInput } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel } from '../actions/actionModel.js';
import type { ResultRow } from '../grid/columns.js';
import { CommandDialog, FormRow, TextField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';

const FIELDS = ['extendByGb'];

export function ExtendDiskDialog(props: {
  disk: ResultRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { disk, onClose } = props;
  const client = useTRPCClient();
  const [by, setBy] = useState('1');
  const { errors, busy, check, run } = useCommandForm(FIELDS);
  const current = Number(disk.size);

  const submit = async () => {
    const input = { id: disk.id, extendByGb: by.trim() === '' ? Number.NaN : Number(by) };
    if (!check(diskExtendInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.disk.extend.mutate(input);
      props.onDone(jobIds);
    });
  };

  const f = errors.fields;
  const next = current + Number(by);
  return (
    <CommandDialog
      title={`Extend Disk ${rowLabel(disk)}`}
      testId="disk-extend-dialog"
      width={420}
      okTestId="disk-extend-ok"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      <FormRow label="Size (GB)">
        <span data-testid="disk-extend-current">{Number.isFinite(current) ? current : '?'}</span>
      </FormRow>
      <TextField
        label="Extend size by (GB)"
        field="extendByGb"
        errors={f}
        testId="disk-extend-by"
        inputMode="numeric"
        autoFocus
        value={by}
        onChange={setBy}
      />
      {Number.isFinite(next) && Number.isFinite(current) && (
        <p className="form-hint">The disk will be {next} GB. Disks only grow.</p>
      )}
    </CommandDialog>
  );
}
