// Add Bricks: new whole replica/disperse sets after the volume's (or, raising the
// replica count by one, one brick per existing set), picked from the cluster's hosts
// that are Up. The volume's own bricks are listed above for reference.
import { useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { setSize } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FieldError,
  FormErrorList,
  LoadError,
  NO_FORM_ERRORS,
} from '../layout/formParts.js';
import { BrickPicker } from './BrickPicker.js';
import { setWord } from './brickModel.js';
import { useGlusterForm } from './useGlusterForm.js';
import { useVolume } from './useVolume.js';
import { VolumeBricksTable } from './VolumeBricksTable.js';
import {
  addBricksFields,
  addedPlaces,
  canRaiseReplica,
  editedRowFields,
  isReplicated,
  toAddBricksInput,
  validateAddBricks,
  volumeLayout,
  type AddBricksState,
} from './volumeForm.js';
import './gluster.css';

export function AddBricksDialog(props: {
  volume: ActionRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const { volume, error } = useVolume(props.volume.id);
  const nextKey = useRef(0);
  const candidates = useQuery({
    ...trpc.gluster.brickCandidates.queryOptions({ clusterId: volume?.clusterId ?? '' }),
    enabled: volume !== undefined,
  });
  const form = useGlusterForm<AddBricksState>(
    { rows: [], raiseReplica: false, force: false },
    {
      fields: addBricksFields,
      rowKeys: (s) => s.rows.map((r) => r.key),
      edited: (prev, next) => [
        ...editedRowFields(prev.rows, next.rows),
        ...(prev.raiseReplica !== next.raiseReplica ? ['replicaCount', 'bricks'] : []),
        ...(prev.force !== next.force ? ['force', 'bricks'] : []),
      ],
    },
  );
  const { state } = form;
  const validate = () =>
    volume ? validateAddBricks(volume, state, candidates.data) : NO_FORM_ERRORS;
  const errors = form.errors(validate);
  const f = errors.fields;

  const submit = () =>
    form.submit(validate, async (s) => {
      if (!volume) return;
      const { jobIds } = await client.gluster.addBricks.mutate(toAddBricksInput(volume, s));
      props.onDone(jobIds);
    });

  const layout = volume ? volumeLayout(volume) : undefined;
  const size = layout && !state.raiseReplica ? setSize(layout) : 1;
  const sets = layout ? layout.bricks.length / Math.max(1, setSize(layout)) : 0;
  const replica = volume && isReplicated(volume.type) ? volume.replicaCount : 1;

  return (
    <Dialog
      title="Add Bricks"
      testId="add-bricks-dialog"
      width={820}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="OK"
          okTestId="add-bricks-ok"
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
          <h3 className="volume-dialog-section">
            Bricks of {volume.name} ({volume.type}
            {isReplicated(volume.type) ? `, replica ${volume.replicaCount}` : ''})
          </h3>
          <VolumeBricksTable volume={volume} testId="add-bricks-existing" />
          {canRaiseReplica(volume) && (
            <>
              <label className="form-check">
                <input
                  type="checkbox"
                  data-testid="add-bricks-raise-replica"
                  checked={state.raiseReplica}
                  onChange={(e) => form.setState((s) => ({ ...s, raiseReplica: e.target.checked }))}
                />
                Raise the replica count to {replica + 1} (one new brick per replica set)
              </label>
              <FieldError field="replicaCount" errors={f} />
            </>
          )}
          <label className="form-check">
            <input
              type="checkbox"
              data-testid="add-bricks-force"
              checked={state.force}
              onChange={(e) => form.setState((s) => ({ ...s, force: e.target.checked }))}
            />
            Allow bricks in root partition and re-use of bricks on one server (force)
          </label>
          <h3 className="volume-dialog-section">New bricks</h3>
          <p className="form-hint brick-hint" data-testid="add-bricks-hint">
            {state.raiseReplica
              ? `One brick per replica set: ${sets}, each joining its set.`
              : size > 1
                ? `Whole ${setWord(volume.type)?.toLowerCase() ?? ''} sets of ${size} bricks.`
                : 'Any number of bricks.'}
          </p>
          <BrickPicker
            rows={state.rows}
            onChange={(rows) => form.setState((s) => ({ ...s, rows }))}
            hosts={candidates.data?.hosts}
            places={addedPlaces(volume, state)}
            setWord={state.raiseReplica ? 'Replica' : setWord(volume.type)}
            setSize={size}
            before={state.raiseReplica ? [] : volume.bricks}
            fields={f}
            nextKey={() => nextKey.current++}
          />
        </>
      )}
    </Dialog>
  );
}
