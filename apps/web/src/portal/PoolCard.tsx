// A pool the user may take a desktop from: its template's OS, free desktops, how many the
// user holds against the most they may, and Take a desktop.
import { OsIcon } from './OsIcon.js';
import {
  cpuLabel,
  memoryLabel,
  poolFreeLabel,
  poolHoldingLabel,
  takeOffer,
} from './portalModel.js';
import type { PortalPool } from './usePortalData.js';

export function PoolCard(props: {
  pool: PortalPool;
  busy: boolean;
  onTake: (pool: PortalPool) => void;
}) {
  const { pool } = props;
  const take = takeOffer(pool);
  return (
    <article
      className="portal-card portal-pool"
      data-testid="portal-pool-card"
      data-pool-name={pool.name}
      data-pool-id={pool.id}
      aria-label={`Pool ${pool.name}`}
    >
      <header className="portal-card-head">
        <OsIcon os={pool.os} />
        <div className="portal-card-title">
          <h3>{pool.name}</h3>
          <span className="portal-card-sub">
            {pool.templateName} · {pool.poolType}
            {pool.stateless ? ' · stateless' : ''}
          </span>
        </div>
        <span
          className={`portal-status ${pool.free > 0 ? 'tone-bg-up' : 'tone-bg-neutral'}`}
          data-testid="portal-pool-free"
          data-free={pool.free}
        >
          {poolFreeLabel(pool)}
        </span>
      </header>
      <dl className="portal-facts">
        <div>
          <dt>Yours</dt>
          <dd data-testid="portal-pool-held" data-held={pool.held} data-max={pool.maxPerUser}>
            {poolHoldingLabel(pool)}
          </dd>
        </div>
        <div>
          <dt>Memory</dt>
          <dd>{memoryLabel(pool.memoryMb)}</dd>
        </div>
        <div>
          <dt>CPUs</dt>
          <dd>{cpuLabel(pool.vcpus)}</dd>
        </div>
      </dl>
      {pool.description && <p className="portal-card-text">{pool.description}</p>}
      {pool.stateless && (
        <p className="portal-card-note">
          Stateless: the desktop returns to its template&apos;s state when it shuts down.
        </p>
      )}
      <div className="portal-actions">
        {take.shown && (
          <button
            type="button"
            className="button button-primary portal-action"
            data-testid="portal-pool-take"
            disabled={!take.enabled || props.busy}
            title={take.reason}
            onClick={() => props.onTake(pool)}
          >
            Take a desktop
          </button>
        )}
        {take.reason && (
          <span className="portal-card-note" data-testid="portal-pool-why">
            {take.reason}
          </span>
        )}
      </div>
    </article>
  );
}
