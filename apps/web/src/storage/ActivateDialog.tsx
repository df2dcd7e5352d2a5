// Guide Me's Activate: the data center's domains that are attached but not Active
// (in Maintenance, Inactive or Unknown), one chosen to activate.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { storageDomainIdInput, type StorageDomainType } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { CommandDialog, SelectField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { inactiveDomainsQuery, isActivatable } from './storageQueries.js';
import { useStorageOptions } from './useStorageOptions.js';

const FIELDS = ['id'];

export function ActivateDialog(props: {
  dataCenterId: string;
  domainType?: StorageDomainType | undefined;
  onClose: () => void;
  onDone: (domain: string, jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const options = useStorageOptions({});
  const dc = options.data?.dataCenters.find((d) => d.id === props.dataCenterId);
  const domains = useQuery({
    ...trpc.storage.list.queryOptions({ where: inactiveDomainsQuery(dc?.name ?? ''), limit: 100 }),
    enabled: Boolean(dc),
    refetchOnMount: 'always',
  });
  const rows = (domains.data?.rows ?? []).filter((r) => isActivatable(r, props.domainType));
  const [choice, setChoice] = useState('');
  const chosen = rows.find((r) => r.id === choice)?.id ?? rows[0]?.id ?? '';
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const loaded = domains.isSuccess;
  const submit = async () => {
    // Enter before the list arrived chooses nothing yet.
    if (!loaded) return;
    const input = { id: String(chosen) };
    if (!check(storageDomainIdInput, input)) return;
    const name = String(rows.find((r) => r.id === chosen)?.name ?? chosen);
    await run(async () => {
      const { jobIds } = await client.storage.activate.mutate(input);
      props.onDone(name, jobIds);
    });
  };

  const f = errors.fields;
  return (
    <CommandDialog
      title={`Activate Storage${dc ? ` in ${dc.name}` : ''}`}
      testId="sd-activate-dialog"
      width={460}
      okTestId="sd-activate-ok"
      okLabel="Activate"
      busy={busy}
      errors={errors.form}
      loadError={options.error ?? domains.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <SelectField
        label="Storage Domain"
        field="id"
        errors={f}
        testId="sd-activate-domain"
        value={String(chosen)}
        autoFocus
        onChange={setChoice}
      >
        {rows.map((r) => (
          <option key={String(r.id)} value={String(r.id)}>
            {String(r.name)} ({String(r.type)}, {String(r.status)})
          </option>
        ))}
      </SelectField>
      {!loaded && !domains.error && (
        <p className="form-hint">Reading the data center&apos;s domains…</p>
      )}
      {loaded && rows.length === 0 && (
        <p className="form-hint">No storage domain of this data center waits to be activated.</p>
      )}
    </CommandDialog>
  );
}
