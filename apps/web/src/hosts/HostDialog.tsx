// New Host: name, address and cluster, and how Corral drives it: libvirt (a real KVM
// host, by default over SSH, or this machine's qemu:///system) or the simulator.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { HOST_DRIVERS, defaultLibvirtUri, hostAddInput, type HostDriverKind } from '@corral/shared';
import { errorMessage, formErrorsOf, placeFormErrors, type FormErrors } from '../api/errors.js';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FieldError,
  FormErrorList,
  FormRow,
  NO_FORM_ERRORS,
  invalidProps,
} from '../layout/formParts.js';
import { issuesByField } from '../vms/vmForm.js';

const FIELDS = ['name', 'address', 'clusterId', 'driver', 'uri'];

const DRIVER_LABEL: Record<HostDriverKind, string> = {
  libvirt: 'libvirt (KVM)',
  sim: 'Simulated',
};

export function HostDialog(props: {
  onClose: () => void;
  onDone: (jobIds: readonly string[], name: string) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const clusters = useQuery(trpc.cluster.list.queryOptions({ where: 'sortby name', limit: 1000 }));
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [clusterChoice, setClusterChoice] = useState('');
  const [driver, setDriver] = useState<HostDriverKind>('libvirt');
  const [uri, setUri] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);
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
    const parsed = hostAddInput.safeParse(input);
    if (!parsed.success) {
      setErrors(placeFormErrors(issuesByField(parsed.error.issues), FIELDS));
      return;
    }
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      const { jobIds } = await client.host.add.mutate(input);
      props.onDone(jobIds, name.trim());
    } catch (err) {
      setErrors(placeFormErrors(formErrorsOf(err), FIELDS));
    } finally {
      setBusy(false);
    }
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
      {clusters.error && <FormErrorList errors={[errorMessage(clusters.error)]} />}
      <FormErrorList errors={errors.form} />
      <FormRow label="Cluster">
        <select
          {...invalidProps('clusterId', f)}
          data-testid="host-cluster"
          value={clusterId}
          onChange={(e) => setClusterChoice(e.target.value)}
        >
          {clusterRows.map((c) => (
            <option key={String(c.id)} value={String(c.id)}>
              {String(c.name)}
              {c.datacenter ? ` (${String(c.datacenter)})` : ''}
            </option>
          ))}
        </select>
      </FormRow>
      <FieldError field="clusterId" errors={f} />
      <FormRow label="Name">
        <input
          {...invalidProps('name', f)}
          data-testid="host-name"
          value={name}
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
        />
      </FormRow>
      <FieldError field="name" errors={f} />
      <FormRow label="Address">
        <input
          {...invalidProps('address', f)}
          data-testid="host-address"
          value={address}
          placeholder="IP address or DNS name"
          spellCheck={false}
          onChange={(e) => setAddress(e.target.value)}
        />
      </FormRow>
      <FieldError field="address" errors={f} />
      <FormRow label="Driver">
        <select
          {...invalidProps('driver', f)}
          data-testid="host-driver"
          value={driver}
          onChange={(e) => setDriver(e.target.value === 'sim' ? 'sim' : 'libvirt')}
        >
          {HOST_DRIVERS.map((d) => (
            <option key={d} value={d}>
              {DRIVER_LABEL[d]}
            </option>
          ))}
        </select>
      </FormRow>
      <FieldError field="driver" errors={f} />
      {driver === 'libvirt' && (
        <>
          <FormRow label="libvirt URI">
            <input
              {...invalidProps('uri', f)}
              data-testid="host-uri"
              className={`${invalidProps('uri', f).className} mono`}
              value={uri}
              placeholder={defaultLibvirtUri(address.trim() || 'localhost')}
              spellCheck={false}
              onChange={(e) => setUri(e.target.value)}
            />
          </FormRow>
          <FieldError field="uri" errors={f} />
          <p className="form-hint">Leave empty for the default shown.</p>
        </>
      )}
    </Dialog>
  );
}
