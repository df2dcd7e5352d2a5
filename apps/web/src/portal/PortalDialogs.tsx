// The user portal's dialogs: Take snapshot, Return to pool (confirmed: a stateless
// desktop loses its changes), and New VM from a template within the user's quota.
import { snapshotCreateInput, vmName } from '@corral/shared';
import { useMemo, useState } from 'react';
import { useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FormErrorList,
  IdOptions,
  invalidProps,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { cpuLabel, memoryLabel, quotaFull, quotaLabel } from './portalModel.js';
import type { PortalQuota, PortalVm } from './usePortalData.js';

export function SnapshotPrompt(props: {
  vm: PortalVm;
  onClose: () => void;
  onDone: (description: string) => void;
}) {
  const client = useTRPCClient();
  const { vm } = props;
  const [description, setDescription] = useState(
    () => `${vm.name} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
  );
  const { errors, busy, check, run } = useCommandForm(['description']);
  const submit = async () => {
    const input = { id: vm.id, description, memory: false };
    if (!check(snapshotCreateInput, input)) return;
    await run(async () => {
      await client.vm.createSnapshot.mutate(input);
      props.onDone(description);
    });
  };
  return (
    <Dialog
      title={`Take a snapshot of ${vm.name}`}
      testId="portal-snapshot-dialog"
      width={420}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Take snapshot"
          okTestId="portal-snapshot-ok"
          busy={busy}
          onCancel={props.onClose}
        />
      }
    >
      <FormErrorList errors={errors.form} />
      <Field label="Description" field="description" errors={errors.fields}>
        <input
          {...invalidProps('description', errors.fields)}
          data-testid="portal-snapshot-description"
          value={description}
          autoFocus
          onChange={(e) => setDescription(e.target.value)}
        />
      </Field>
    </Dialog>
  );
}

export function ReturnPrompt(props: { vm: PortalVm; onClose: () => void; onDone: () => void }) {
  const client = useTRPCClient();
  const { vm } = props;
  const { errors, busy, run } = useCommandForm([]);
  const submit = () =>
    run(async () => {
      await client.pool.returnVm.mutate({ vmId: vm.id });
      props.onDone();
    });
  return (
    <Dialog
      title={`Return ${vm.name} to ${vm.poolName ?? 'its pool'}`}
      testId="portal-return-dialog"
      width={420}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Return it"
          okTestId="portal-return-ok"
          busy={busy}
          danger
          onCancel={props.onClose}
        />
      }
    >
      <FormErrorList errors={errors.form} />
      <p>
        {vm.name} goes back to the pool for someone else
        {vm.stateless ? '; it shuts down and loses every change made in it.' : '.'}
      </p>
    </Dialog>
  );
}

export function RemovePrompt(props: { vm: PortalVm; onClose: () => void; onDone: () => void }) {
  const client = useTRPCClient();
  const { vm } = props;
  const { errors, busy, run } = useCommandForm([]);
  const submit = () =>
    run(async () => {
      await client.vm.remove.mutate({ ids: [vm.id], keepDisks: false });
      props.onDone();
    });
  return (
    <Dialog
      title={`Remove ${vm.name}`}
      testId="portal-remove-dialog"
      width={420}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Remove"
          okTestId="portal-remove-ok"
          busy={busy}
          danger
          onCancel={props.onClose}
        />
      }
    >
      <FormErrorList errors={errors.form} />
      <p>{vm.name} and its disks are deleted. This cannot be undone.</p>
    </Dialog>
  );
}

export function NewVmDialog(props: {
  quota: PortalQuota;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const client = useTRPCClient();
  const { quota } = props;
  const [name, setName] = useState('');
  const [clusterId, setClusterId] = useState(quota.clusters[0]?.id ?? '');
  const templates = useMemo(
    () => quota.templates.filter((t) => t.clusterId === null || t.clusterId === clusterId),
    [quota.templates, clusterId],
  );
  const [templateId, setTemplateId] = useState('');
  const chosen = templates.find((t) => t.id === templateId) ?? templates[0];
  const { errors, busy, check, run } = useCommandForm(['name', 'clusterId', 'templateId']);
  const full = quotaFull(quota);

  const submit = async () => {
    const input = { name, clusterId, templateId: chosen?.id ?? '' };
    const schema = {
      safeParse: (i: typeof input) => {
        const issues: { path: PropertyKey[]; message: string }[] = [];
        const n = vmName.safeParse(i.name);
        if (!n.success) issues.push(...n.error.issues.map((x) => ({ ...x, path: ['name'] })));
        if (!i.clusterId) issues.push({ path: ['clusterId'], message: 'Choose a cluster.' });
        if (!i.templateId) issues.push({ path: ['templateId'], message: 'Choose a template.' });
        return issues.length === 0
          ? ({ success: true } as const)
          : ({ success: false, error: { issues } } as const);
      },
    };
    if (!check(schema, input)) return;
    await run(async () => {
      await client.portal.createVm.mutate({ ...input, name: input.name.trim() });
      props.onDone(input.name.trim());
    });
  };

  return (
    <Dialog
      title="New VM"
      testId="portal-newvm-dialog"
      width={460}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Create"
          okTestId="portal-newvm-ok"
          busy={busy || full}
          onCancel={props.onClose}
        />
      }
    >
      <p className="portal-card-note" data-testid="portal-newvm-quota">
        You own {quotaLabel(quota)}.{full ? ' Remove one before creating another.' : ''}
      </p>
      <FormErrorList errors={errors.form} />
      <Field label="Name" field="name" errors={errors.fields}>
        <input
          {...invalidProps('name', errors.fields)}
          data-testid="portal-newvm-name"
          value={name}
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field label="Cluster" field="clusterId" errors={errors.fields}>
        <select
          {...invalidProps('clusterId', errors.fields)}
          data-testid="portal-newvm-cluster"
          value={clusterId}
          onChange={(e) => {
            setClusterId(e.target.value);
            setTemplateId('');
          }}
        >
          <IdOptions items={quota.clusters} label={(c) => c.name} />
        </select>
      </Field>
      <Field label="Template" field="templateId" errors={errors.fields}>
        <select
          {...invalidProps('templateId', errors.fields)}
          data-testid="portal-newvm-template"
          value={chosen?.id ?? ''}
          onChange={(e) => setTemplateId(e.target.value)}
        >
          {templates.length === 0 && <option value="">No template in this cluster</option>}
          <IdOptions
            items={templates}
            label={(t) => `${t.name} (${memoryLabel(t.memoryMb)}, ${cpuLabel(t.vcpus)})`}
          />
        </select>
      </Field>
    </Dialog>
  );
}
