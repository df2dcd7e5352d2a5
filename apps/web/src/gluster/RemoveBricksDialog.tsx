// Remove Bricks: tick whole replica/disperse sets; their data is migrated to the other
// bricks first (gluster's remove-brick start → status → commit, one job whose progress
// the jobs panel shows), or dropped; or lower the replica count by one, ticking one
// brick of every set. The shared rule says what the ticks amount to before OK.
import { useTRPCClient } from '../api/trpc.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  FieldError,
  FormErrorList,
  LoadError,
  NO_FORM_ERRORS,
} from '../layout/formParts.js';
import { useGlusterForm } from './useGlusterForm.js';
import { useVolume } from './useVolume.js';
import { VolumeBricksTable } from './VolumeBricksTable.js';
import {
  REMOVE_BRICKS_FIELDS,
  canReduceReplica,
  removeBricksCheck,
  toRemoveBricksInput,
  type RemoveBricksState,
} from './volumeForm.js';
import './gluster.css';

export function RemoveBricksDialog(props: {
  volume: ActionRow;
  onClose: () => void;
  onDone: (jobIds: readonly string[]) => void;
}) {
  const { onClose } = props;
  const client = useTRPCClient();
  const { volume, error } = useVolume(props.volume.id);
  const form = useGlusterForm<RemoveBricksState>(
    { brickIds: new Set(), reduceReplica: false, migrateData: true },
    {
      fields: () => REMOVE_BRICKS_FIELDS,
      rowKeys: () => [],
      edited: (prev, next) => [
        ...(prev.brickIds !== next.brickIds ? ['brickIds'] : []),
        ...(prev.reduceReplica !== next.reduceReplica ? ['replicaCount', 'brickIds'] : []),
        ...(prev.migrateData !== next.migrateData ? ['migrateData'] : []),
      ],
    },
  );
  const { state } = form;
  const check = volume ? removeBricksCheck(volume, state) : undefined;
  const validate = () => check?.errors ?? NO_FORM_ERRORS;
  const errors = form.errors(validate);
  const f = errors.fields;

  const submit = () =>
    form.submit(validate, async (s) => {
      if (!volume) return;
      const { jobIds } = await client.gluster.removeBricks.mutate(toRemoveBricksInput(volume, s));
      props.onDone(jobIds);
    });

  const toggle = (id: string, on: boolean) =>
    form.setState((s) => {
      const brickIds = new Set(s.brickIds);
      if (on) brickIds.add(id);
      else brickIds.delete(id);
      return { ...s, brickIds };
    });

  const ticked = state.brickIds.size;
  return (
    <Dialog
      title="Remove Bricks"
      testId="remove-bricks-dialog"
      width={760}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons
          okLabel="Remove"
          okTestId="remove-bricks-ok"
          danger
          busy={form.busy || !volume}
          onCancel={onClose}
        />
      }
    >
      <LoadError error={error} />
      <FormErrorList errors={errors.form} />
      {!volume ? (
        !error && <p className="panel-message">Loading {rowLabel(props.volume)}…</p>
      ) : (
        <>
          <p className="confirm-message">
            Tick the bricks of <strong>{volume.name}</strong> to remove ({volume.type}
            {volume.replicaCount > 1 ? `, replica ${volume.replicaCount}` : ''}).
          </p>
          <VolumeBricksTable
            volume={volume}
            testId="remove-bricks-list"
            selection={{ selected: state.brickIds, onToggle: toggle }}
          />
          <FieldError field="brickIds" errors={f} />
          {canReduceReplica(volume) && (
            <>
              <label className="form-check">
                <input
                  type="checkbox"
                  data-testid="remove-bricks-reduce-replica"
                  checked={state.reduceReplica}
                  onChange={(e) =>
                    form.setState((s) => ({ ...s, reduceReplica: e.target.checked }))
                  }
                />
                Lower the replica count to {volume.replicaCount - 1} (one brick of every replica
                set)
              </label>
              <FieldError field="replicaCount" errors={f} />
            </>
          )}
          {!state.reduceReplica && (
            <>
              <label className="form-check">
                <input
                  type="checkbox"
                  data-testid="remove-bricks-migrate"
                  checked={state.migrateData}
                  onChange={(e) => form.setState((s) => ({ ...s, migrateData: e.target.checked }))}
                />
                Migrate the data to the other bricks first
              </label>
              <FieldError field="migrateData" errors={f} />
            </>
          )}
          {ticked > 0 &&
            check &&
            !check.errors.form.length &&
            !Object.keys(check.errors.fields).length && (
              <p className="form-hint" data-testid="remove-bricks-plan">
                {check.mode === 'migrate'
                  ? `${ticked} brick${ticked === 1 ? '' : 's'}: their data is moved to the other bricks (the job shows its progress), then the removal is committed; ${check.left} bricks stay.`
                  : check.mode === 'force'
                    ? `${ticked} brick${ticked === 1 ? '' : 's'} removed at once; files on them are no longer part of the volume. ${check.left} bricks stay.`
                    : `The replica count goes to ${volume.replicaCount - 1}; nothing to migrate, the other replicas hold the data.`}
              </p>
            )}
        </>
      )}
    </Dialog>
  );
}
