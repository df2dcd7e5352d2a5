// Replace Brick: a brick of the volume (one that is down, by default) gives its place
// to a new directory, on a host of the cluster that is Up; gluster heals the new brick
// from the rest of its set.
import { useQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FieldError,
  FormErrorList,
  LoadError,
  NO_FORM_ERRORS,
  invalidProps,
} from '../layout/formParts.js';
import { formatSize } from '../grid/format.js';
import { HostOptions } from './BrickPicker.js';
import { filesystemOf } from './brickModel.js';
import { useGlusterForm } from './useGlusterForm.js';
import { useVolume } from './useVolume.js';
import {
  REPLACE_BRICK_FIELDS,
  toReplaceBrickInput,
  validateReplaceBrick,
  volumeBrickPlaces,
  type ReplaceBrickState,
} from './volumeForm.js';
import './gluster.css';

export function ReplaceBrickDialog(props: {
  volume: ActionRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { volume, error } = useVolume(props.volume.id);
  const candidates = useQuery({
    ...trpc.gluster.brickCandidates.queryOptions({ clusterId: volume?.clusterId ?? '' }),
    enabled: volume !== undefined,
  });
  const hosts = candidates.data?.hosts;
  const form = useGlusterForm<ReplaceBrickState>(
    { brickId: '', hostId: '', directory: '', force: false },
    {
      fields: () => REPLACE_BRICK_FIELDS,
      rowKeys: () => [],
      edited: (prev, next) => [
        ...(prev.brickId !== next.brickId ? ['brickId', 'brick.hostId'] : []),
        ...(prev.hostId !== next.hostId ? ['brick.hostId', 'brick.directory'] : []),
        ...(prev.directory !== next.directory ? ['brick.directory'] : []),
        ...(prev.force !== next.force ? ['force', 'brick.hostId'] : []),
      ],
    },
  );
  // Until the user chooses: the first brick that is not Up (the one to replace, most
  // likely) and the first host that can hold a brick.
  const state: ReplaceBrickState = {
    ...form.state,
    brickId:
      form.state.brickId ||
      (volume?.bricks.find((b) => b.status !== 'Up') ?? volume?.bricks[0])?.id ||
      '',
    hostId: form.state.hostId || hosts?.find((h) => h.usable)?.id || '',
  };
  const update = (patch: Partial<ReplaceBrickState>) =>
    form.setState((s) => ({ ...s, brickId: state.brickId, hostId: state.hostId, ...patch }));
  const validate = () =>
    volume ? validateReplaceBrick(volume, state, candidates.data) : NO_FORM_ERRORS;
  const errors = form.errors(validate);
  const f = errors.fields;

  const submit = () =>
    form.submit(validate, async () => {
      if (!volume) return;
      const { jobIds } = await client.gluster.replaceBrick.mutate(
        toReplaceBrickInput(volume, state),
      );
      props.onDone(jobIds);
    });

  const places = volume ? volumeBrickPlaces(volume) : [];
  const fs = filesystemOf(
    hosts?.find((h) => h.id === state.hostId),
    state.directory,
  );

  return (
    <Dialog
      title="Replace Brick"
      testId="replace-brick-dialog"
      width={560}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Replace"
          okTestId="replace-brick-ok"
          busy={form.busy || !volume}
          onCancel={onClose}
        />
      }
    >
      <LoadError error={error ?? candidates.error} />
      <FormErrorList errors={errors.form} />
      {!volume ? (
        !error && <p className="panel-message">Loading {rowLabel(props.volume)}…</p>
      ) : (
        <>
          <p className="confirm-message">
            Volume <strong>{volume.name}</strong>: the new brick takes the old one’s place in its
            set and is healed from the others.
          </p>
          <Field label="Brick" field="brickId" errors={f}>
            <select
              {...invalidProps('brickId', f, 'mono')}
              data-testid="replace-brick-old"
              value={state.brickId}
              onChange={(e) => update({ brickId: e.target.value })}
            >
              {volume.bricks.map((b, i) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                  {places[i]?.set ? ` (set ${places[i].set})` : ''}
                  {b.status !== 'Up' ? ` — ${b.status}` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="New host" field="brick.hostId" errors={f}>
            <select
              {...invalidProps('brick.hostId', f)}
              data-testid="replace-brick-host"
              value={state.hostId}
              onChange={(e) => update({ hostId: e.target.value })}
            >
              <option value="">{hosts ? 'Choose…' : 'Loading hosts…'}</option>
              <HostOptions hosts={hosts ?? []} />
            </select>
          </Field>
          <Field label="New directory" field="brick.directory" errors={f}>
            <input
              {...invalidProps('brick.directory', f, 'mono')}
              data-testid="replace-brick-dir"
              value={state.directory}
              placeholder="/gluster_bricks/data/data"
              spellCheck={false}
              autoFocus
              onChange={(e) => update({ directory: e.target.value })}
            />
          </Field>
          {fs && (
            <p className="form-hint" data-testid="replace-brick-free">
              {formatSize(fs.freeGb, 'GB')} free of {formatSize(fs.totalGb, 'GB')} on {fs.mount}
              {fs.mount === '/' ? ' (the root partition: gluster wants force)' : ''}
            </p>
          )}
          <label className="form-check">
            <input
              type="checkbox"
              data-testid="replace-brick-force"
              checked={state.force}
              onChange={(e) => update({ force: e.target.checked })}
            />
            Allow a brick in root partition or on a server its set uses (force)
          </label>
          <FieldError field="force" errors={f} />
        </>
      )}
    </Dialog>
  );
}
