// Attach Storage: an Unattached domain joins a data center (the toolbar's Attach: the
// domain is chosen, the data center asked), or a data center takes one of the
// Unattached domains (Guide Me's Attach Storage / Attach ISO Domain). Choices the rules
// refuse are shown disabled with the reason; the BFF's refusal lands under its input.
import { useState } from 'react';
import { storageDomainAttachInput, type StorageDomainType } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel } from '../actions/actionModel.js';
import type { ResultRow } from '../grid/columns.js';
import { CommandDialog, SelectField } from '../layout/formParts.js';
import { useCommandForm } from '../vms/commandForm.js';
import { joinRule } from './storageForm.js';
import { useStorageOptions } from './useStorageOptions.js';

const FIELDS = ['id', 'dataCenterId'];

export type AttachRequest =
  | { readonly mode: 'domain'; readonly row: ResultRow }
  | {
      readonly mode: 'dataCenter';
      readonly dataCenterId: string;
      readonly domainType: StorageDomainType;
    };

export function AttachDialog(props: {
  request: AttachRequest;
  onClose: () => void;
  onDone: (domain: string, jobIds: readonly string[]) => void;
}) {
  const { request, onClose } = props;
  const client = useTRPCClient();
  const options = useStorageOptions({});
  const [choice, setChoice] = useState('');
  const { errors, busy, check, run } = useCommandForm(FIELDS);
  const data = options.data;

  // Domain mode: the data centers, each allowed or not for this domain.
  const domain =
    request.mode === 'domain'
      ? {
          domainType: String(request.row.type) as StorageDomainType,
          storageType: String(request.row.storage_type),
        }
      : null;
  const dcChoices = (data?.dataCenters ?? []).map((dc) => ({
    id: dc.id,
    label: `${dc.name} (${dc.storageType}, ${dc.status})`,
    rule: domain ? joinRule(domain, dc) : { allowed: true },
  }));
  // Data center mode: the Unattached domains of the function asked for.
  const target =
    request.mode === 'dataCenter'
      ? data?.dataCenters.find((d) => d.id === request.dataCenterId)
      : undefined;
  const domainChoices =
    request.mode === 'dataCenter'
      ? (data?.unattached ?? [])
          .filter((d) => d.domainType === request.domainType)
          .map((d) => ({
            id: d.id,
            label: `${d.name} (${d.storageType})`,
            rule: target
              ? joinRule({ domainType: request.domainType, storageType: d.storageType }, target)
              : { allowed: true },
          }))
      : [];
  const choices = request.mode === 'domain' ? dcChoices : domainChoices;
  const chosen =
    choices.find((c) => c.id === choice && c.rule.allowed)?.id ??
    choices.find((c) => c.rule.allowed)?.id ??
    '';

  const submit = async () => {
    // Enter before the choices arrived chooses nothing yet.
    if (!options.isSuccess) return;
    const input =
      request.mode === 'domain'
        ? { id: request.row.id, dataCenterId: chosen }
        : { id: chosen, dataCenterId: request.dataCenterId };
    if (!check(storageDomainAttachInput, input)) return;
    const name =
      request.mode === 'domain'
        ? rowLabel(request.row)
        : (data?.unattached.find((d) => d.id === chosen)?.name ?? chosen);
    await run(async () => {
      const { jobIds } = await client.storage.attach.mutate(input);
      props.onDone(name, jobIds);
    });
  };

  const field = request.mode === 'domain' ? 'dataCenterId' : 'id';
  const f = errors.fields;
  const title =
    request.mode === 'domain'
      ? `Attach ${rowLabel(request.row)} to a Data Center`
      : `Attach ${request.domainType === 'ISO' ? 'ISO Library' : 'Storage'}${target ? ` to ${target.name}` : ''}`;
  return (
    <CommandDialog
      title={title}
      testId="sd-attach-dialog"
      width={500}
      okTestId="sd-attach-ok"
      busy={busy}
      errors={errors.form}
      loadError={options.error}
      onClose={onClose}
      onSubmit={submit}
    >
      <SelectField
        label={request.mode === 'domain' ? 'Data Center' : 'Storage Domain'}
        field={field}
        errors={f}
        testId={request.mode === 'domain' ? 'sd-attach-datacenter' : 'sd-attach-domain'}
        value={chosen}
        autoFocus
        onChange={setChoice}
      >
        {choices.map((c) => (
          <option key={c.id} value={c.id} disabled={!c.rule.allowed} title={c.rule.reason}>
            {c.label}
            {c.rule.allowed ? '' : ` — ${c.rule.reason ?? 'not possible'}`}
          </option>
        ))}
      </SelectField>
      {options.isPending && <p className="form-hint">Reading the choices…</p>}
      {options.isSuccess && choices.length === 0 && (
        <p className="form-hint" data-testid="sd-attach-none">
          {request.mode === 'domain'
            ? 'There is no data center to attach it to.'
            : `There is no Unattached ${request.domainType} domain.`}
        </p>
      )}
      {options.isSuccess && choices.length > 0 && !chosen && (
        <p className="form-hint" data-testid="sd-attach-none">
          {choices[0]!.rule.reason}
        </p>
      )}
    </CommandDialog>
  );
}
