// New / Edit Data Center: name, description, storage type (Shared or Local),
// compatibility version and quota mode, checked with the shared schema before it is
// sent; the BFF's refusals land under their inputs.
import { useState } from 'react';
import {
  DATA_CENTER_STORAGE_MODES,
  QUOTA_MODES,
  dataCenterCreateInput,
  dataCenterUpdateInput,
  type DataCenterStorageMode,
  type QuotaMode,
} from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import type { ResultRow } from '../grid/columns.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FormErrorList,
  invalidProps,
  NameFields,
  ValueOptions,
} from '../layout/formParts.js';
import { submitOnEnter } from '../actions/submitOnEnter.js';
import { useCommandForm } from '../vms/commandForm.js';
import {
  NEW_DATA_CENTER,
  STORAGE_TYPE_HINT,
  dataCenterCreateOf,
  dataCenterFormOf,
  dataCenterUpdateOf,
  versionChoices,
  type DataCenterForm,
} from './dataCenterForm.js';

const FIELDS = ['name', 'description', 'storageType', 'compatVersion', 'quotaMode'];

export type DataCenterDialogRequest =
  { readonly mode: 'new' } | { readonly mode: 'edit'; readonly row: ResultRow };

export function DataCenterDialog(props: {
  request: DataCenterDialogRequest;
  onClose: () => void;
  onDone: (dataCenter: { id: string; name: string }) => void;
}) {
  const { request, onClose } = props;
  const client = useTRPCClient();
  const [initial] = useState<DataCenterForm>(() =>
    request.mode === 'edit' ? dataCenterFormOf(request.row) : NEW_DATA_CENTER,
  );
  const [form, setForm] = useState(initial);
  const set = (patch: Partial<DataCenterForm>) => setForm((f) => ({ ...f, ...patch }));
  const { errors, busy, check, run } = useCommandForm(FIELDS);

  const submit = async () => {
    if (request.mode === 'new') {
      const input = dataCenterCreateOf(form);
      if (!check(dataCenterCreateInput, input)) return;
      await run(async () => {
        const { id } = await client.dataCenter.create.mutate(input);
        props.onDone({ id, name: form.name.trim() });
      });
      return;
    }
    const input = dataCenterUpdateOf(request.row.id, initial, form);
    if (!check(dataCenterUpdateInput, input)) return;
    await run(async () => {
      await client.dataCenter.update.mutate(input);
      props.onDone({ id: request.row.id, name: form.name.trim() });
    });
  };

  const f = errors.fields;
  return (
    <Dialog
      title={request.mode === 'new' ? 'New Data Center' : 'Edit Data Center'}
      testId="dc-dialog"
      width={500}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogButtons okLabel="OK" okTestId="dc-dialog-ok" busy={busy} onCancel={onClose} />}
    >
      <div className="dialog-fields" onKeyDown={submitOnEnter}>
        <FormErrorList errors={errors.form} />
        <NameFields
          testIdPrefix="dc"
          name={form.name}
          description={form.description}
          errors={f}
          onChange={set}
        />
        <Field label="Storage Type" field="storageType" errors={f}>
          <select
            {...invalidProps('storageType', f)}
            data-testid="dc-storage-type"
            value={form.storageType}
            onChange={(e) => set({ storageType: e.target.value as DataCenterStorageMode })}
          >
            <ValueOptions values={DATA_CENTER_STORAGE_MODES} />
          </select>
        </Field>
        <p className="form-hint">{STORAGE_TYPE_HINT[form.storageType]}</p>
        <Field label="Compatibility Version" field="compatVersion" errors={f}>
          <select
            {...invalidProps('compatVersion', f)}
            data-testid="dc-compat-version"
            value={form.compatVersion}
            onChange={(e) => set({ compatVersion: e.target.value })}
          >
            <ValueOptions values={versionChoices(initial.compatVersion)} />
          </select>
        </Field>
        <Field label="Quota Mode" field="quotaMode" errors={f}>
          <select
            {...invalidProps('quotaMode', f)}
            data-testid="dc-quota-mode"
            value={form.quotaMode}
            onChange={(e) => set({ quotaMode: e.target.value as QuotaMode })}
          >
            <ValueOptions values={QUOTA_MODES} />
          </select>
        </Field>
      </div>
    </Dialog>
  );
}
