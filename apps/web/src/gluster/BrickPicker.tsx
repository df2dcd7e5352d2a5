// The brick picker of New Volume, Add Bricks: rows of (host, directory) in the
// volume's order, each showing the replica or disperse set it lands in, whether it is
// the set's arbiter, and the space on the filesystem that would hold it. Hosts come
// from `gluster.brickCandidates`: only those Up (and answering) can be chosen; the
// others are listed with the reason.
import type { FieldErrorMap } from '../layout/formParts.js';
import { FieldError, invalidProps } from '../layout/formParts.js';
import { Icon } from '../layout/icons.js';
import { formatSize } from '../grid/format.js';
import {
  addRow,
  filesystemOf,
  hostForNewRow,
  largestFree,
  moveRow,
  removeRow,
  updateRow,
  type BrickPlaceView,
  type BrickRow,
  type CandidateHost,
} from './brickModel.js';
import './gluster.css';

export function BrickPicker(props: {
  rows: readonly BrickRow[];
  onChange: (rows: BrickRow[]) => void;
  /** The cluster's hosts; undefined while they load. */
  hosts: readonly CandidateHost[] | undefined;
  places: readonly BrickPlaceView[];
  /** "Replica" or "Disperse" for the set column; null: no sets (Distribute). */
  setWord: string | null;
  /** Bricks per set, for the host a new row starts with. */
  setSize: number;
  /** Bricks the volume has before these rows (Add Bricks), in order. */
  before?: readonly { readonly hostId: string }[];
  fields: FieldErrorMap;
  nextKey: () => number;
}) {
  const { rows, onChange, hosts, places, fields } = props;
  const byId = new Map((hosts ?? []).map((h) => [h.id, h]));
  const anyUsable = (hosts ?? []).some((h) => h.usable);

  const add = () =>
    onChange(
      addRow(rows, {
        key: props.nextKey(),
        hostId: hostForNewRow([...(props.before ?? []), ...rows], hosts ?? [], props.setSize),
        directory: '',
      }),
    );

  return (
    <div className="brick-picker" data-testid="brick-picker">
      {rows.length === 0 ? (
        <p className="rows-empty">No bricks yet. Add one brick per host directory.</p>
      ) : (
        <table className="rows-table brick-table">
          <thead>
            <tr>
              <th style={{ width: 28 }}>#</th>
              {props.setWord && <th style={{ width: 92 }}>{props.setWord} set</th>}
              <th style={{ width: 190 }}>Host</th>
              <th>Brick directory</th>
              <th style={{ width: 150 }}>Free space</th>
              <th style={{ width: 74 }} />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const place = places[i];
              const host = byId.get(r.hostId);
              const fs = filesystemOf(host, r.directory);
              return (
                <tr
                  key={r.key}
                  data-testid="brick-row"
                  data-set={place?.set ?? ''}
                  data-arbiter={place?.arbiter ? 'true' : 'false'}
                  className={[
                    place?.first && i > 0 ? 'brick-set-start' : '',
                    place?.set != null && place.set % 2 === 0 ? 'brick-set-even' : '',
                  ].join(' ')}
                >
                  <td className="mono brick-index">{i + 1}</td>
                  {props.setWord && (
                    <td data-testid={`brick-set-${i}`}>
                      {place?.set != null ? (
                        <span className={place.incomplete ? 'brick-set incomplete' : 'brick-set'}>
                          {place.set}
                          {place.arbiter && (
                            <span className="brick-arbiter" title="Holds metadata only">
                              arbiter
                            </span>
                          )}
                        </span>
                      ) : (
                        '—'
                      )}
                    </td>
                  )}
                  <td>
                    <select
                      {...invalidProps(`bricks.${i}.hostId`, fields)}
                      data-testid={`brick-host-${i}`}
                      aria-label={`Host of brick ${i + 1}`}
                      value={r.hostId}
                      onChange={(e) => onChange(updateRow(rows, r.key, { hostId: e.target.value }))}
                    >
                      <option value="">{hosts ? 'Choose…' : 'Loading hosts…'}</option>
                      {/* A host chosen before it went away stays visible, so the row says what it holds. */}
                      {r.hostId && hosts && !host && (
                        <option value={r.hostId}>(not a host of this cluster)</option>
                      )}
                      <HostOptions hosts={hosts ?? []} />
                    </select>
                    <FieldError field={`bricks.${i}.hostId`} errors={fields} />
                  </td>
                  <td>
                    <input
                      {...invalidProps(`bricks.${i}.directory`, fields, 'mono')}
                      data-testid={`brick-dir-${i}`}
                      aria-label={`Directory of brick ${i + 1}`}
                      value={r.directory}
                      placeholder="/gluster_bricks/data/data"
                      spellCheck={false}
                      onChange={(e) =>
                        onChange(updateRow(rows, r.key, { directory: e.target.value }))
                      }
                    />
                    <FieldError field={`bricks.${i}.directory`} errors={fields} />
                  </td>
                  <td data-testid={`brick-free-${i}`} className="brick-free">
                    {fs ? (
                      <span
                        title={`${formatSize(fs.freeGb, 'GB')} free of ${formatSize(fs.totalGb, 'GB')} on the filesystem mounted at ${fs.mount}`}
                      >
                        {formatSize(fs.freeGb, 'GB')} free
                        {fs.mount === '/' && (
                          <span className="brick-root" title="The host’s root partition">
                            root
                          </span>
                        )}
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="brick-row-buttons">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move brick ${i + 1} up`}
                      data-testid={`brick-up-${i}`}
                      disabled={i === 0}
                      onClick={() => onChange(moveRow(rows, r.key, -1))}
                    >
                      ▲
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Move brick ${i + 1} down`}
                      data-testid={`brick-down-${i}`}
                      disabled={i === rows.length - 1}
                      onClick={() => onChange(moveRow(rows, r.key, 1))}
                    >
                      ▼
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Remove brick ${i + 1}`}
                      data-testid={`brick-remove-${i}`}
                      onClick={() => onChange(removeRow(rows, r.key))}
                    >
                      <Icon name="trash" size={12} />
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <FieldError field="bricks" errors={fields} />
      <div className="rows-actions">
        <button
          type="button"
          className="button button-small"
          data-testid="brick-add"
          // A row starts on a host of the cluster: wait until they are known.
          disabled={!hosts}
          title={hosts ? undefined : 'Loading the cluster’s hosts…'}
          onClick={add}
        >
          <Icon name="plus" size={11} /> Add Brick
        </button>
        {hosts && !anyUsable && (
          <span className="form-hint brick-no-hosts" data-testid="brick-no-hosts">
            No host of the cluster can hold bricks now:{' '}
            {hosts.length === 0
              ? 'the cluster has no hosts.'
              : hosts.map((h) => h.reason ?? h.name).join(' ')}
          </span>
        )}
      </div>
    </div>
  );
}

/** Hosts Up with their largest free space; the others greyed out with why. */
export function HostOptions(props: { hosts: readonly CandidateHost[] }) {
  return props.hosts.map((h) => {
    const free = largestFree(h);
    return (
      <option key={h.id} value={h.id} disabled={!h.usable} title={h.reason ?? undefined}>
        {h.name}
        {h.usable && free !== null ? ` — ${formatSize(free, 'GB')} free` : ''}
        {!h.usable ? ` (${h.status === 'Up' ? 'not reachable' : h.status})` : ''}
      </option>
    );
  });
}
