// Migrate Virtual Machine(s): let the scheduler choose, or pick a host of the VMs'
// cluster that is Up and has the memory free. The VMs' own host is not offered.
import { useState } from 'react';
import { useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FormErrorList,
  LoadError,
  invalidProps,
} from '../layout/formParts.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { useCommandForm } from './commandForm.js';
import { useFormOptions } from './formOptions.js';
import { HostOptions } from './HostOptions.js';

export type VmRow = ActionRow & Record<string, unknown>;

const FIELDS = ['hostId'];

export function MigrateDialog(props: {
  vms: readonly VmRow[];
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { vms, onClose } = props;
  const client = useTRPCClient();
  const clusters = [...new Set(vms.map((v) => String(v.cluster ?? '')))];
  // A target host must be in the VMs' cluster: with VMs of several clusters only the
  // scheduler can choose, per VM.
  const oneCluster = clusters.length === 1 ? clusters[0] : undefined;
  const opts = useFormOptions({ name: oneCluster });
  const sources = new Set(vms.map((v) => v.host).filter((h) => typeof h === 'string'));
  const candidates = (opts.options?.hosts ?? []).filter((h) => !sources.has(h.name));
  const [target, setTarget] = useState('');
  const { errors, busy, run } = useCommandForm(FIELDS);

  const submit = () =>
    run(async () => {
      const { jobIds } = await client.vm.migrate.mutate({
        ids: vms.map((v) => v.id),
        hostId: target || null,
      });
      props.onDone(jobIds);
    });

  const names = vms.map(rowLabel).join(', ');
  return (
    <Dialog
      title="Migrate Virtual Machine(s)"
      testId="migrate-dialog"
      width={520}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons okLabel="Migrate" okTestId="migrate-ok" busy={busy} onCancel={onClose} />
      }
    >
      <p className="confirm-message">
        {vms.length === 1 ? 'Virtual machine' : `${vms.length} virtual machines`}:{' '}
        <strong>{names}</strong>
      </p>
      <LoadError error={opts.error} />
      <FormErrorList errors={errors.form} />
      <Field label="Destination host" field="hostId" errors={errors.fields}>
        <select
          {...invalidProps('hostId', errors.fields)}
          data-testid="migrate-target"
          value={target}
          autoFocus
          onChange={(e) => setTarget(e.target.value)}
        >
          <option value="">Automatically choose a host</option>
          {opts.loading && oneCluster && <option disabled>Loading hosts…</option>}
          <HostOptions hosts={candidates} />
        </select>
      </Field>
      {!oneCluster && (
        <p className="form-hint">
          The VMs are in different clusters; the scheduler chooses a host in each one’s cluster.
        </p>
      )}
    </Dialog>
  );
}
