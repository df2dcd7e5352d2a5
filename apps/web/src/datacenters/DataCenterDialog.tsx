// New / Edit Data Center: name, description, storage type (Shared or Local),
// compatibility version and quota mode, checked with the shared schema before it is
// sent; the BFF's refusals land under their inputs.
import {
  DATA_CENTER_STORAGE_MODES,
  QUOTA_MODES,
  dataCenterCreateInput,
  dataCenterUpdateInput,
  type DataCenterStorageMode,
  type QuotaMode,
} from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { CommandDialog, NameFields, SelectField, ValueOptions } from '../layout/formParts.js';
import { useCommandForm, usePatchForm, type NewOrEditRequest } from '../vms/commandForm.js';
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

export type DataCenterDialogRequest = NewOrEditRequest;

export function DataCenterDialog(props: {
  request: DataCenterDialogRequest;
  onClose: () => void;
  onDone: (dataCenter: { id: string; name: string }) => void;
}) {
  const { request, onClose } = props;
  const client = useTRPCClient();
  const { initial, form, set } = usePatchForm<DataCenterForm>(() =>
    request.mode === 'edit' ? dataCenterFormOf(request.row) : NEW_DATA_CENTER,
  );
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
    <CommandDialog
      title={request.mode === 'new' ? 'New Data Center' : 'Edit Data Center'}
      testId="dc-dialog"
      width={500}
      okTestId="dc-dialog-ok"
      busy={busy}
      errors={errors.form}
      onClose={onClose}
      onSubmit={submit}
    >
      <NameFields
        testIdPrefix="dc"
        name={form.name}
        description={form.description}
        errors={f}
        onChange={set}
      />
      <SelectField
        label="Storage Type"
        field="storageType"
        errors={f}
        testId="dc-storage-type"
        value={form.storageType}
        onChange={(v) => set({ storageType: v as DataCenterStorageMode })}
      >
        <ValueOptions values={DATA_CENTER_STORAGE_MODES} />
      </SelectField>
      <p className="form-hint">{STORAGE_TYPE_HINT[form.storageType]}</p>
      <SelectField
        label="Compatibility Version"
        field="compatVersion"
        errors={f}
        testId="dc-compat-version"
        value={form.compatVersion}
        onChange={(v) => set({ compatVersion: v })}
      >
        <ValueOptions values={versionChoices(initial.compatVersion)} />
      </SelectField>
      <SelectField
        label="Quota Mode"
        field="quotaMode"
        errors={f}
        testId="dc-quota-mode"
        value={form.quotaMode}
        onChange={(v) => set({ quotaMode: v as QuotaMode })}
      >
        <ValueOptions values={QUOTA_MODES} />
      </SelectField>
    </CommandDialog>
  );
}
