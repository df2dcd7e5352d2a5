// Make Template and Clone: both ask for one name, checked with the shared schema
// (template names and VM names have the same rules, different messages).
import { useState } from 'react';
import { makeTemplateInput, vmCloneInput } from '@corral/shared';
import { useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import { DialogButtons, Field, FormErrorList, invalidProps } from '../layout/formParts.js';
import { rowLabel } from '../actions/actionModel.js';
import { useCommandForm } from './commandForm.js';
import type { VmRow } from './MigrateDialog.js';

const FIELDS = ['name'];

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
  const { errors, busy, check, run } = useCommandForm(FIELDS);
  const text = TEXT[command];

  const submit = async () => {
    const input = { id: vm.id, name };
    if (!check(command === 'clone' ? vmCloneInput : makeTemplateInput, input)) return;
    await run(async () => {
      const { jobIds } =
        command === 'clone'
          ? await client.vm.clone.mutate(input)
          : await client.vm.makeTemplate.mutate(input);
      props.onDone(jobIds, name.trim());
    });
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
      <Field label={text.label} field="name" errors={errors.fields}>
        <input
          {...invalidProps('name', errors.fields)}
          data-testid="name-input"
          value={name}
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
    </Dialog>
  );
}
