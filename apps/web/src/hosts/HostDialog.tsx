// New Host: name, address and cluster, and how Corral drives it: libvirt (a real KVM
// host, by default over SSH, or this machine's qemu:///system) or the simulator.
// Guide Me opens it with the cluster it is guiding chosen.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { HOST_DRIVERS, defaultLibvirtUri, hostAddInput, type HostDriverKind } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FormErrorList,
  LoadError,
  SelectField,
  TextField,
} from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';

const FIELDS = ['name', 'address', 'clusterId', 'driver', 'uri'];

const DRIVER_LABEL: Record<HostDriverKind, string> = {
  libvirt: 'libvirt (KVM)',
  sim: 'Simulated',
};

export function HostDialog(props: {
  /** The cluster chosen at first (Guide Me's); the first cluster otherwise. */
  clusterId?: string | undefined;
  onClose: () => void;
  onDone: (jobIds: readonly string[], name: string) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const clusters = useQuery(trpc.cluster.list.queryOptions({ where: 'sortby name', limit: 1000 }));
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [clusterChoice, setClusterChoice] = useState(props.clusterId ?? '');
  const [driver, setDriver] = useState<HostDriverKind>('libvirt');
  const [uri, setUri] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);
  const clusterRows = clusters.data?.rows ?? [];
  const clusterId = clusterChoice || String(clusterRows[0]?.id ?? '');

  const submit = async () => {
    const input = {
      name,
      address,
      clusterId,
      driver,
      uri: driver === 'libvirt' && uri.trim() ? uri.trim() : null,
    };
    if (!check(hostAddInput, input)) return;
    await run(async () => {
      const { jobIds } = await client.host.add.mutate(input);
      props.onDone(jobIds, name.trim());
    });
  };

  const f = errors.fields;
  return (
    <Dialog
      title="New Host"
      testId="host-dialog"
      width={520}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons okLabel="OK" okTestId="host-dialog-ok" busy={busy} onCancel={onClose} />
      }
    >
      <LoadError error={clusters.error} />
      <FormErrorList errors={errors.form} />
      <SelectField
        label="Cluster"
        field="clusterId"
        errors={f}
        testId="host-cluster"
        value={clusterId}
        onChange={setClusterChoice}
      >
        {clusterRows.map((c) => (
          <option key={String(c.id)} value={String(c.id)}>
            {String(c.name)}
            {c.datacenter ? ` (${String(c.datacenter)})` : ''}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Name"
        field="name"
        errors={f}
        testId="host-name"
        value={name}
        autoFocus
        spellCheck={false}
        onChange={setName}
      />
      <TextField
        label="Address"
        field="address"
        errors={f}
        testId="host-address"
        value={address}
        placeholder="IP address or DNS name"
        spellCheck={false}
        onChange={setAddress}
      />
      <SelectField
        label="Driver"
        field="driver"
        errors={f}
        testId="host-driver"
        value={driver}
        onChange={(v) => setDriver(v === 'sim' ? 'sim' : 'libvirt')}
      >
        {HOST_DRIVERS.map((d) => (
          <option key={d} value={d}>
            {DRIVER_LABEL[d]}
          </option>
        ))}
      </SelectField>
      {driver === 'libvirt' && (
        <>
          <TextField
            label="libvirt URI"
            field="uri"
            errors={f}
            mono
            testId="host-uri"
            value={uri}
            placeholder={defaultLibvirtUri(address.trim() || 'localhost')}
            spellCheck={false}
            onChange={setUri}
          />
          <p className="form-hint">Leave empty for the default shown.</p>
        </>
      )}
    </Dialog>
  );
}
