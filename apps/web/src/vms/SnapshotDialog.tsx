// Create Snapshot: a description, and for a running VM whether to save its memory too
// (the snapshot then restores to the running state, not just the disks).
import { useState } from 'react';
import { snapshotCreateInput } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FieldError,
  FormErrorList,
  invalidProps,
} from '../layout/formParts.js';
import { rowLabel } from '../actions/actionModel.js';
import { vmStatusOf } from '../actions/rowState.js';
import { useCommandForm } from './commandForm.js';
import type { VmRow } from './MigrateDialog.js';

const FIELDS = ['description', 'memory'];

export function SnapshotDialog(props: {
  vm: VmRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[], description: string) => void;
}) {
  const { vm, onClose } = props;
  const client = useTRPCClient();
  const running = vmStatusOf(vm) === 'Up' || vmStatusOf(vm) === 'Paused';
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(false);
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const submit = async () => {
    const input = { id: vm.id, description, memory: running && memory };
    if (!check(snapshotCreateInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.vm.createSnapshot.mutate(input);
      props.onDone(jobIds, description);
    });
  };

  return (
    <Dialog
      title={`Create Snapshot of ${rowLabel(vm)}`}
      testId="snapshot-dialog"
      width={460}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogButtons okLabel="OK" okTestId="snapshot-ok" busy={busy} onCancel={onClose} />}
    >
      <FormErrorList errors={errors.form} />
      <Field label="Description" field="description" errors={errors.fields}>
        <input
          {...invalidProps('description', errors.fields)}
          data-testid="snapshot-description"
          value={description}
          autoFocus
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
      <label
        className="form-check"
        title={running ? undefined : 'Only a running VM has memory to save.'}
      >
        <input
          type="checkbox"
          data-testid="snapshot-memory"
          checked={running && memory}
          disabled={!running}
          onChange={(e) => setMemory(e.target.checked)}
        />
        Save memory
      </label>
      <FieldError field="memory" errors={errors.fields} />
    </Dialog>
  );
}
