// Heal info: what gluster's self-heal still has to copy, per brick (`gluster volume heal
// <vol> info`, asked when the dialog opens and on Refresh; nothing is cached).
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { rowLabel, type ActionRow } from '../actions/actionModel.js';
import { Dialog } from '../layout/Dialog.js';
import { StatusIcon } from '../layout/icons.js';
import { formatCount } from '../grid/format.js';
import './gluster.css';

export function HealInfoDialog(props: { volume: ActionRow; onClose: () => void }) {
  const { onClose } = props;
  const trpc = useTRPC();
  const heal = useQuery({
    ...trpc.gluster.healInfo.queryOptions({ id: props.volume.id }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const info = heal.data;
  return (
    <Dialog
      title={`Heal Info — ${rowLabel(props.volume)}`}
      testId="heal-dialog"
      width={720}
      onClose={onClose}
      onSubmit={() => void heal.refetch()}
      footer={
        <>
          <button
            type="submit"
            className="button"
            data-testid="heal-refresh"
            disabled={heal.isFetching}
          >
            {heal.isFetching ? 'Asking gluster…' : 'Refresh'}
          </button>
          <button type="button" className="button" data-testid="heal-close" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      {heal.isError ? (
        <p className="form-error" role="alert" data-testid="form-error">
          {errorMessage(heal.error)}
        </p>
      ) : !info ? (
        <p className="panel-message">Asking gluster…</p>
      ) : (
        <>
          <p className="heal-summary" data-testid="heal-total" data-entries={info.totalEntries}>
            {info.totalEntries === 0
              ? 'Nothing to heal: every brick that answered is in step with its set.'
              : `${formatCount(info.totalEntries)} entr${info.totalEntries === 1 ? 'y' : 'ies'} to heal.`}
          </p>
          <table className="compact-table" data-testid="heal-bricks">
            <thead>
              <tr>
                <th scope="col">Brick</th>
                <th scope="col">Host</th>
                <th scope="col">Status</th>
                <th scope="col">Entries</th>
              </tr>
            </thead>
            <tbody>
              {info.bricks.map((b) => (
                <tr
                  key={b.name}
                  data-testid="heal-brick"
                  data-entries={b.entries ?? ''}
                  data-connected={b.connected ? 'true' : 'false'}
                >
                  <td className="mono" title={b.name}>
                    {b.name}
                    {b.files.length > 0 && (
                      <details>
                        <summary>{b.files.length} shown</summary>
                        <ul className="heal-files">
                          {b.files.map((file) => (
                            <li key={file}>{file}</li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td>{b.hostName ?? '—'}</td>
                  <td>
                    <span className="status-badge">
                      <StatusIcon status={b.connected ? 'Up' : 'Down'} />
                      <span>{b.connected ? b.status || 'Connected' : 'Not connected'}</span>
                    </span>
                  </td>
                  <td>{b.entries === null ? '—' : formatCount(b.entries)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
