// The Volumes tab's Bricks and Volume Options sub-tabs, from `gluster.volume`: bricks
// with their host, status, space, replica set and arbiter; the options set on the
// volume. Both follow the change feed.
import { errorMessage } from '../api/errors.js';
import { useVolume } from './useVolume.js';
import { VolumeBricksTable } from './VolumeBricksTable.js';
import { isDispersed, isReplicated } from './volumeForm.js';
import './gluster.css';

const VOLUME_TABS = ['bricks', 'options'] as const;

/** Whether the Gluster UI draws this sub-tab of a volume. */
export function isVolumeSubTab(tab: string): boolean {
  return (VOLUME_TABS as readonly string[]).includes(tab);
}

export function VolumeSubTab(props: { id: string; tab: string }) {
  const { volume, data, error } = useVolume(props.id);
  if (error) return <p className="panel-message is-error">{errorMessage(error)}</p>;
  if (!volume || !data) return <p className="panel-message">Loading…</p>;
  if (props.tab === 'options') {
    if (data.options.length === 0)
      return (
        <p className="panel-message" data-testid="volume-options-empty">
          No option is set on the volume: every option has gluster’s default.
        </p>
      );
    return (
      <table className="compact-table" data-testid="volume-options">
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {data.options.map((o) => (
            <tr key={o.key} data-testid="volume-option-row" data-key={o.key}>
              <td className="mono">{o.key}</td>
              <td className="mono" title={o.value}>
                {o.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  const layout = isReplicated(volume.type)
    ? `replica ${volume.replicaCount}${volume.arbiterCount > 0 ? ' with arbiter' : ''}`
    : isDispersed(volume.type)
      ? `disperse ${volume.disperseCount}, redundancy ${volume.redundancyCount}`
      : 'distributed';
  return (
    <div className="volume-bricks-tab">
      <p className="panel-message" data-testid="volume-layout">
        {volume.type}, {layout}: {volume.bricks.length} brick
        {volume.bricks.length === 1 ? '' : 's'}
        {data.task ? ` — ${data.task.type} ${data.task.status}` : ''}
        {data.operation ? ` — ${data.operation}…` : ''}
      </p>
      <VolumeBricksTable volume={volume} />
    </div>
  );
}
