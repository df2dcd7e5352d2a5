// Move: the disk's image goes to another Active Data domain of its data center, as a
// job with progress (the jobs panel shows it). Only while its VMs are Down.
import { useState } from 'react';
import { diskMoveInput } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel } from '../actions/actionModel.js';
import type { ResultRow } from '../grid/columns.js';
import { CommandDialog, FormRow, SelectField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { DomainOptions } from './DomainOptions.js';
import { domainRefusal, useDiskOptions } from './useDiskOptions.js';

const FIELDS = ['storageDomainId'];

export function MoveDiskDialog(props: {
  disk: ResultRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { disk, onClose } = props;
  const client = useTRPCClient();
  const options = useDiskOptions();
  const [target, setTarget] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);
  const domains = options.data?.domains ?? [];
  const source = domains.find((d) => d.name === disk.storage);
  const targets = domains.filter(
    (d) => d.dataCenterId === source?.dataCenterId && d.id !== source?.id,
  );
  const chosen = target || targets.find((d) => !domainRefusal(d))?.id || '';

  const submit = async () => {
    if (!options.isSuccess) return;
    const input = { id: disk.id, storageDomainId: chosen };
    if (!check(diskMoveInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.disk.move.mutate(input);
      props.onDone(jobIds);
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title={`Move Disk ${rowLabel(disk)}`}
      testId="disk-move-dialog"
      width={480}
      okTestId="disk-move-ok"
      busy={busy}
      errors={errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <FormRow label="Source">
        <span data-testid="disk-move-source">{String(disk.storage ?? '')}</span>
      </FormRow>
      <SelectField
        label="Target"
        field="storageDomainId"
        errors={f}
        testId="disk-move-target"
        value={chosen}
        autoFocus
        onChange={setTarget}
      >
        <DomainOptions loading={options.isLoading} domains={targets} />
      </SelectField>
      {options.isSuccess && !targets.some((d) => !domainRefusal(d)) && (
        <p className="form-hint" data-testid="disk-move-none">
          No other Active Data domain in this data center.
        </p>
      )}
      <p className="form-hint">
        The image is copied, then removed from the source; the disk&apos;s VMs stay locked until it
        is done.
      </p>
    </CommandDialog>
  );
}
