// The user portal (/portal, docs/user-portal.md): a desktop user's own VMs and the pools
// they may take one from, as cards, kept current by the change feed. Start, shut down,
// reboot, a console (SPICE or VNC) in its own window, take from and return to a pool;
// power users also take snapshots and create VMs within their quota. With "Connect
// automatically" on, a user whose only desktop is Up gets its console as the portal loads.
import { useEffect, useRef, useState } from 'react';
import { useTRPCClient } from '../api/trpc.js';
import { errorMessage } from '../api/errors.js';
import { useSession } from '../auth/SessionProvider.js';
import { consoleUrl, type ConsoleProtocol } from '../console/consoleRoute.js';
import { useToast } from '../layout/Toasts.js';
import { useLiveState } from '../live/LiveFeed.js';
import { DesktopCard, type DesktopCommand } from './DesktopCard.js';
import { PoolCard } from './PoolCard.js';
import { NewVmDialog, RemovePrompt, ReturnPrompt, SnapshotPrompt } from './PortalDialogs.js';
import {
  autoConnectTarget,
  preferredProtocol,
  quotaFull,
  quotaLabel,
  readAutoConnect,
  writeAutoConnect,
} from './portalModel.js';
import { usePortalData, type PortalPool, type PortalVm } from './usePortalData.js';
import './userPortal.css';

type Open =
  | { readonly kind: 'snapshot'; readonly vm: PortalVm }
  | { readonly kind: 'return'; readonly vm: PortalVm }
  | { readonly kind: 'remove'; readonly vm: PortalVm }
  | { readonly kind: 'newVm' }
  | null;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** A console in its own window, one per VM, so the portal stays usable beside it. */
function openConsole(vmId: string, protocol: ConsoleProtocol): boolean {
  return window.open(consoleUrl({ vmId, protocol }), `console-${vmId}`) !== null;
}

export function UserPortal() {
  const { user, logout } = useSession();
  const client = useTRPCClient();
  const notify = useToast();
  const live = useLiveState();
  const { vms, pools, quota, refresh } = usePortalData();
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [open, setOpen] = useState<Open>(null);
  const [autoConnect, setAutoConnect] = useState(() => readAutoConnect(storage()));
  const [blocked, setBlocked] = useState<PortalVm | null>(null);
  const autoTried = useRef(false);

  // Connect automatically: once, on the portal's first answer (as the RHEV portal did).
  useEffect(() => {
    if (autoTried.current || !vms.data) return;
    autoTried.current = true;
    const target = autoConnectTarget(autoConnect, vms.data);
    if (!target) return;
    // A browser may block a window nobody clicked for: then one click opens it.
    if (!openConsole(target.id, preferredProtocol(target.display))) {
      queueMicrotask(() => setBlocked(target));
    }
  }, [vms.data, autoConnect]);

  const withBusy = async (id: string, work: () => Promise<void>) => {
    setBusy((s) => new Set(s).add(id));
    try {
      await work();
    } catch (err) {
      notify('error', errorMessage(err));
    } finally {
      setBusy((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
      refresh();
    }
  };

  const command = (vm: PortalVm, what: DesktopCommand) => {
    if (what === 'snapshot' || what === 'return' || what === 'remove') {
      setOpen({ kind: what, vm });
      return;
    }
    void withBusy(vm.id, async () => {
      const ids = [vm.id];
      if (what === 'start') await client.vm.run.mutate({ ids });
      else if (what === 'shutdown') await client.vm.shutdown.mutate({ ids });
      else await client.vm.reboot.mutate({ ids });
      const verb = { start: 'Starting', shutdown: 'Shutting down', reboot: 'Rebooting' }[what];
      notify('success', `${verb} ${vm.name}.`);
    });
  };

  const take = (pool: PortalPool) =>
    void withBusy(pool.id, async () => {
      await client.pool.take.mutate({ id: pool.id });
      notify('success', `You have a new desktop from ${pool.name}; it is starting.`);
    });

  const connect = (vm: PortalVm, protocol: ConsoleProtocol) => {
    if (!openConsole(vm.id, protocol)) {
      notify('error', 'The browser blocked the console window; allow pop-ups for this site.');
    }
  };

  const toggleAutoConnect = (on: boolean) => {
    setAutoConnect(on);
    writeAutoConnect(storage(), on);
  };

  const q = quota.data;
  const desktops = vms.data ?? [];
  const poolList = pools.data ?? [];

  return (
    <div className="user-portal" data-testid="user-portal" data-live={live}>
      <header className="user-portal-head">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Corral</span>
          <span className="brand-sub">User Portal</span>
        </div>
        <div className="user-portal-who">
          {user.admin && (
            <a className="user-portal-link" href="/" data-testid="portal-admin-link">
              Administration Portal
            </a>
          )}
          <span className="user-portal-user" data-testid="portal-user">
            {user.login}
          </span>
          <button
            type="button"
            className="button"
            data-testid="portal-signout"
            onClick={() => void logout()}
          >
            Sign out
          </button>
        </div>
      </header>

      <main className="user-portal-main">
        <div className="user-portal-bar">
          <label
            className="portal-check"
            title="Open the console of your only desktop when it is Up"
          >
            <input
              type="checkbox"
              data-testid="portal-autoconnect"
              checked={autoConnect}
              onChange={(e) => toggleAutoConnect(e.target.checked)}
            />
            Connect automatically
          </label>
          {live === 'down' && (
            <span className="portal-card-note" data-testid="portal-live-down" role="status">
              Live updates are interrupted; reconnecting…
            </span>
          )}
          {q?.canCreate && (
            <span className="user-portal-quota" data-testid="portal-quota">
              {quotaLabel(q)}
              <button
                type="button"
                className="button button-primary"
                data-testid="portal-new-vm"
                disabled={quotaFull(q)}
                title={quotaFull(q) ? 'You own as many VMs as your quota allows.' : undefined}
                onClick={() => setOpen({ kind: 'newVm' })}
              >
                New VM
              </button>
            </span>
          )}
        </div>

        {blocked && (
          <div className="portal-banner" role="alert" data-testid="portal-autoconnect-blocked">
            Your desktop {blocked.name} is ready.
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                openConsole(blocked.id, preferredProtocol(blocked.display));
                setBlocked(null);
              }}
            >
              Connect
            </button>
          </div>
        )}

        <section className="user-portal-section" aria-labelledby="portal-desktops-title">
          <h2 id="portal-desktops-title">My desktops</h2>
          {vms.error ? (
            <p className="portal-error" role="alert" data-testid="portal-vms-error">
              {errorMessage(vms.error)}
            </p>
          ) : vms.isPending ? (
            <p className="portal-card-note">Loading…</p>
          ) : desktops.length === 0 ? (
            <p className="portal-empty-note" data-testid="portal-no-vms">
              You have no desktop yet.
              {poolList.length > 0 ? ' Take one from a pool below.' : ''}
            </p>
          ) : (
            <div className="portal-cards" data-testid="portal-vms">
              {desktops.map((vm) => (
                <DesktopCard
                  key={vm.id}
                  vm={vm}
                  busy={busy.has(vm.id)}
                  onCommand={command}
                  onConsole={connect}
                />
              ))}
            </div>
          )}
        </section>

        {(poolList.length > 0 || pools.error) && (
          <section className="user-portal-section" aria-labelledby="portal-pools-title">
            <h2 id="portal-pools-title">Pools</h2>
            {pools.error ? (
              <p className="portal-error" role="alert">
                {errorMessage(pools.error)}
              </p>
            ) : (
              <div className="portal-cards" data-testid="portal-pools">
                {poolList.map((p) => (
                  <PoolCard key={p.id} pool={p} busy={busy.has(p.id)} onTake={take} />
                ))}
              </div>
            )}
          </section>
        )}
      </main>

      {open?.kind === 'snapshot' && (
        <SnapshotPrompt
          vm={open.vm}
          onClose={() => setOpen(null)}
          onDone={(description) => {
            setOpen(null);
            notify('success', `Taking snapshot "${description}" of ${open.vm.name}.`);
          }}
        />
      )}
      {open?.kind === 'return' && (
        <ReturnPrompt
          vm={open.vm}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            notify('success', `${open.vm.name} is back in its pool.`);
            refresh();
          }}
        />
      )}
      {open?.kind === 'remove' && (
        <RemovePrompt
          vm={open.vm}
          onClose={() => setOpen(null)}
          onDone={() => {
            setOpen(null);
            notify('success', `Removing ${open.vm.name}.`);
            refresh();
          }}
        />
      )}
      {open?.kind === 'newVm' && q && (
        <NewVmDialog
          quota={q}
          onClose={() => setOpen(null)}
          onDone={(name) => {
            setOpen(null);
            notify('success', `Creating ${name}; it appears here when it is ready.`);
            refresh();
          }}
        />
      )}
    </div>
  );
}
