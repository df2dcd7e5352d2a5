// Make Template and Clone: both ask for one name, checked with the shared schema
// (template names and VM names have the same rules, different messages).
import { useState } from 'react';
import { makeTemplateInput, vmCloneInput } from '@corral/shared';
import { formErrorsOf, placeFormErrors, type FormErrors } from '../api/errors.js';
import { useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FieldError,
  FormErrorList,
  FormRow,
  NO_FORM_ERRORS,
  invalidProps,
} from '../layout/formParts.js';
import { rowLabel } from '../actions/actionModel.js';
import { issuesByField } from './vmForm.js';
import type { VmRow } from './MigrateDialog.js';

export type NameCommand = 'makeTemplate' | 'clone';

const TEXT: Record<NameCommand, { title: string; label: string; testId: string }> = {
  makeTemplate: { title: 'New Template from', label: 'Template name', testId: 'template-dialog' },
  clone: { title: 'Clone Virtual Machine', label: 'Name of the clone', testId: 'clone-dialog' },
};

export function NameDialog(props: {
  command: NameCommand;
  vm: VmRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[], name: string) => void;
}) {
  const { command, vm, onClose } = props;
  const client = useTRPCClient();
  const [name, setName] = useState(command === 'clone' ? `${rowLabel(vm)}-clone` : '');
  const [errors, setErrors] = useState<FormErrors>(NO_FORM_ERRORS);
  const [busy, setBusy] = useState(false);
  const text = TEXT[command];

  const submit = async () => {
    const input = { id: vm.id, name };
    const parsed = (command === 'clone' ? vmCloneInput : makeTemplateInput).safeParse(input);
    if (!parsed.success) {
      setErrors(placeFormErrors(issuesByField(parsed.error.issues), ['name']));
      return;
    }
    setBusy(true);
    setErrors(NO_FORM_ERRORS);
    try {
      const { jobIds } =
        command === 'clone'
          ? await client.vm.clone.mutate(input)
          : await client.vm.makeTemplate.mutate(input);
      props.onDone(jobIds, name.trim());
    } catch (err) {
      setErrors(placeFormErrors(formErrorsOf(err), ['name']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={command === 'clone' ? text.title : `${text.title} ${rowLabel(vm)}`}
      testId={text.testId}
      width={440}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={<DialogButtons okLabel="OK" okTestId="name-ok" busy={busy} onCancel={onClose} />}
    >
      <FormErrorList errors={errors.form} />
      <FormRow label={text.label}>
        <input
          {...invalidProps('name', errors.fields)}
          data-testid="name-input"
          value={name}
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
        />
      </FormRow>
      <FieldError field="name" errors={errors.fields} />
    </Dialog>
  );
}
