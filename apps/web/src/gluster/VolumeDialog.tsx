// New Volume, as oVirt's: a cluster with the Gluster service, name, type with the
// counts it needs, transport TCP, "Optimize for Virt Store", force, start after
// creating, and the bricks. Judged with the shared schema and rules as the user types
// (once OK was pressed); a refusal from the BFF lands next to its field.
import { useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import { GLUSTER_TRANSPORTS, GLUSTER_VOLUME_TYPES, type GlusterVolumeType } from '@corral/shared';
import { useTRPC, useTRPCClient } from '../api/trpc.js';
import { Dialog } from '../layout/Dialog.js';
import {
  DialogButtons,
  Field,
  FieldError,
  FormErrorList,
  LoadError,
  ValueOptions,
  invalidProps,
} from '../layout/formParts.js';
import { BrickPicker } from './BrickPicker.js';
import { brickCountHint, rootPartitionRows, setWord } from './brickModel.js';
import { useGlusterForm } from './useGlusterForm.js';
import {
  editedVolumeFields,
  isDispersed,
  isReplicated,
  layoutOf,
  newVolumeForm,
  toCreateInput,
  validateVolumeForm,
  volumeFields,
  volumePlaces,
  volumeVirtWarning,
  type VolumeFormState,
} from './volumeForm.js';
import './gluster.css';

export interface VolumeCreated {
  readonly id: string;
  readonly name: string;
  readonly jobIds: readonly string[];
}

export function VolumeDialog(props: {
  /** Preselected cluster (Guide Me, a cluster's context); the first Gluster cluster otherwise. */
  clusterId?: string;
  onClose: () => void;
  onDone: (created: VolumeCreated) => void;
}) {
  const { onClose } = props;
  const trpc = useTRPC();
  const client = useTRPCClient();
  const clusters = useQuery(
    trpc.cluster.list.queryOptions({ where: 'gluster_service = true sortby name', limit: 1000 }),
  );
  const clusterRows = clusters.data?.rows ?? [];
  const nextKey = useRef(0);

  const form = useGlusterForm<VolumeFormState>(() => newVolumeForm(props.clusterId ?? ''), {
    fields: volumeFields,
    rowKeys: (s) => s.bricks.map((b) => b.key),
    edited: editedVolumeFields,
  });
  const resolved = (s: VolumeFormState): VolumeFormState =>
    s.clusterId ? s : { ...s, clusterId: String(clusterRows[0]?.id ?? '') };
  const state = resolved(form.state);
  const update = (patch: Partial<VolumeFormState>) => form.setState((s) => ({ ...s, ...patch }));

  const candidates = useQuery({
    ...trpc.gluster.brickCandidates.queryOptions({ clusterId: state.clusterId }),
    enabled: state.clusterId !== '',
  });
  const hosts = candidates.data?.hosts;

  const layout = layoutOf(state);
  const places = volumePlaces(state);
  const warning = volumeVirtWarning(state);
  const onRoot = hosts ? rootPartitionRows(state.bricks, hosts) : [];
  const replicated = isReplicated(state.type);
  const dispersed = isDispersed(state.type);
  const validate = () => validateVolumeForm(state, candidates.data);
  const errors = form.errors(validate);
  const f = errors.fields;

  const submit = () =>
    form.submit(validate, async (s) => {
      const input = toCreateInput(resolved(s));
      const r = await client.gluster.create.mutate(input);
      props.onDone({ id: r.id, name: input.name.trim(), jobIds: r.jobIds });
    });

  return (
    <Dialog
      title="New Volume"
      testId="volume-dialog"
      width={820}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <DialogButtons okLabel="OK" okTestId="volume-ok" busy={form.busy} onCancel={onClose} />
      }
    >
      <LoadError error={clusters.error ?? candidates.error} />
      <FormErrorList errors={errors.form} />
      {clusters.data && clusterRows.length === 0 && (
        <p className="form-warning" data-testid="volume-no-cluster">
          No cluster has the Gluster service. Edit a cluster and tick “Enable Gluster Service”
          first.
        </p>
      )}
      <div className="form-grid">
        <div>
          <Field label="Cluster" field="clusterId" errors={f}>
            <select
              {...invalidProps('clusterId', f)}
              data-testid="volume-cluster"
              value={state.clusterId}
              // Another cluster has other hosts: the rows keep their directories only.
              onChange={(e) =>
                update({
                  clusterId: e.target.value,
                  bricks: state.bricks.map((b) => ({ ...b, hostId: '' })),
                })
              }
            >
              {clusterRows.map((c) => (
                <option key={String(c.id)} value={String(c.id)}>
                  {String(c.name)}
                  {c.datacenter ? ` (${String(c.datacenter)})` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Name" field="name" errors={f}>
            <input
              {...invalidProps('name', f)}
              data-testid="volume-name"
              value={state.name}
              autoFocus
              spellCheck={false}
              onChange={(e) => update({ name: e.target.value })}
            />
          </Field>
        </div>
        <div>
          <Field label="Type" field="type" errors={f}>
            <select
              {...invalidProps('type', f)}
              data-testid="volume-type"
              value={state.type}
              onChange={(e) => update({ type: e.target.value as GlusterVolumeType })}
            >
              <ValueOptions values={GLUSTER_VOLUME_TYPES} />
            </select>
          </Field>
          <Field label="Transport Type" field="transport" errors={f}>
            <select className="input" data-testid="volume-transport" value="TCP" disabled>
              <ValueOptions values={GLUSTER_TRANSPORTS} />
            </select>
          </Field>
        </div>
      </div>
      {(replicated || dispersed) && (
        <div className="volume-counts">
          {replicated ? (
            <>
              <div>
                <Field label="Replica Count" field="replicaCount" errors={f}>
                  <input
                    {...invalidProps('replicaCount', f)}
                    data-testid="volume-replica"
                    inputMode="numeric"
                    value={state.replicaCount}
                    onChange={(e) => update({ replicaCount: e.target.value })}
                  />
                </Field>
              </div>
              <div>
                <label
                  className="form-check"
                  title="Replica 3 only: every third brick holds metadata only"
                >
                  <input
                    type="checkbox"
                    data-testid="volume-arbiter"
                    checked={state.arbiter}
                    onChange={(e) => update({ arbiter: e.target.checked })}
                  />
                  Arbiter (every third brick holds metadata only)
                </label>
                <FieldError field="arbiterCount" errors={f} />
              </div>
            </>
          ) : (
            <>
              <div>
                <Field label="Disperse Count" field="disperseCount" errors={f}>
                  <input
                    {...invalidProps('disperseCount', f)}
                    data-testid="volume-disperse"
                    inputMode="numeric"
                    value={state.disperseCount}
                    onChange={(e) => update({ disperseCount: e.target.value })}
                  />
                </Field>
              </div>
              <div>
                <Field label="Redundancy Count" field="redundancyCount" errors={f}>
                  <input
                    {...invalidProps('redundancyCount', f)}
                    data-testid="volume-redundancy"
                    inputMode="numeric"
                    value={state.redundancyCount}
                    onChange={(e) => update({ redundancyCount: e.target.value })}
                  />
                </Field>
              </div>
            </>
          )}
        </div>
      )}
      <div className="volume-checks">
        <label className="form-check">
          <input
            type="checkbox"
            data-testid="volume-optimize"
            checked={state.optimizeForVirt}
            onChange={(e) => update({ optimizeForVirt: e.target.checked })}
          />
          Optimize for Virt Store
        </label>
        <FieldError field="optimizeForVirt" errors={f} />
        {warning && (
          <p className="form-warning" data-testid="volume-virt-warning">
            {warning}
          </p>
        )}
        <label className="form-check">
          <input
            type="checkbox"
            data-testid="volume-force"
            checked={state.force}
            onChange={(e) => update({ force: e.target.checked })}
          />
          Allow bricks in root partition and re-use of bricks on one server (force)
        </label>
        <FieldError field="force" errors={f} />
        {onRoot.length > 0 && !state.force && (
          <p className="form-warning" data-testid="volume-root-warning">
            {onRoot.length === 1 ? 'Brick' : 'Bricks'} {onRoot.map((i) => i + 1).join(', ')}{' '}
            {onRoot.length === 1 ? 'is' : 'are'} on the host’s root partition; gluster refuses that
            unless forced. Choose a directory on a separate filesystem, or tick the box above.
          </p>
        )}
        <label className="form-check">
          <input
            type="checkbox"
            data-testid="volume-start"
            checked={state.start}
            onChange={(e) => update({ start: e.target.checked })}
          />
          Start the volume after creating it
        </label>
      </div>
      <h3 className="volume-dialog-section">Bricks</h3>
      <p className="form-hint brick-hint" data-testid="volume-brick-hint">
        {brickCountHint(layout)}
      </p>
      <BrickPicker
        rows={state.bricks}
        onChange={(bricks) => update({ bricks })}
        hosts={hosts}
        places={places}
        setWord={setWord(state.type)}
        setSize={setSizeOf(layout)}
        fields={f}
        nextKey={() => nextKey.current++}
      />
    </Dialog>
  );
}

/** Bricks per set for a new row's host, 1 while the counts are half-typed. */
function setSizeOf(layout: ReturnType<typeof layoutOf>): number {
  const n = isReplicated(layout.type)
    ? layout.replicaCount
    : isDispersed(layout.type)
      ? layout.disperseCount
      : 1;
  return n && n > 1 ? n : 1;
}
