// A volume's bricks in order: host, directory, status, space, the replica or disperse
// set each belongs to and its arbiter. The Bricks sub-tab, and the brick dialogs'
// reference (Remove Bricks ticks rows in it).
import { StatusIcon } from '../layout/icons.js';
import { formatSize } from '../grid/format.js';
import { setWord } from './brickModel.js';
import { volumeBrickPlaces, type VolumeShape } from './volumeForm.js';
import './gluster.css';

export function VolumeBricksTable(props: {
  volume: VolumeShape;
  /** Tick boxes per brick (Remove Bricks). */
  selection?: {
    readonly selected: ReadonlySet<string>;
    readonly onToggle: (brickId: string, on: boolean) => void;
  };
  testId?: string;
}) {
  const { volume, selection } = props;
  const places = volumeBrickPlaces(volume);
  const word = setWord(volume.type);
  if (volume.bricks.length === 0) return <p className="panel-message">The volume has no bricks.</p>;
  return (
    <div className="bricks-scroll">
      <table
        className={`compact-table${selection ? ' select-table' : ''}`}
        data-testid={props.testId ?? 'volume-bricks'}
      >
        <thead>
          <tr>
            {selection && <th scope="col" aria-label="Remove" />}
            <th scope="col">#</th>
            {word && <th scope="col">{word} set</th>}
            <th scope="col">Host</th>
            <th scope="col">Brick directory</th>
            <th scope="col">Status</th>
            <th scope="col">Free space</th>
            <th scope="col">Total space</th>
          </tr>
        </thead>
        <tbody>
          {volume.bricks.map((b, i) => {
            const place = places[i];
            return (
              <tr
                key={b.id}
                data-testid="volume-brick-row"
                data-brick-id={b.id}
                data-set={place?.set ?? ''}
                data-arbiter={b.isArbiter ? 'true' : 'false'}
                data-status={b.status}
              >
                {selection && (
                  <td>
                    <input
                      type="checkbox"
                      data-testid={`brick-select-${i}`}
                      aria-label={`Remove brick ${b.name}`}
                      checked={selection.selected.has(b.id)}
                      onChange={(e) => selection.onToggle(b.id, e.target.checked)}
                    />
                  </td>
                )}
                <td className="mono">{i + 1}</td>
                {word && (
                  <td>
                    {place?.set ?? '—'}
                    {b.isArbiter && <span className="brick-arbiter">arbiter</span>}
                  </td>
                )}
                <td title={b.name}>{b.hostName}</td>
                <td className="mono">{b.directory}</td>
                <td>
                  <span className="status-badge">
                    <StatusIcon status={b.status} />
                    <span>{b.status}</span>
                  </span>
                </td>
                <td>{formatSize(b.freeGb, 'GB')}</td>
                <td>{formatSize(b.totalGb, 'GB')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
