// One of the user's desktops as a card: OS icon, name, status in its colour, memory and
// CPUs, and the buttons the user's roles and the VM's state allow (disabled ones say why).
import { StatusIcon } from '../layout/icons.js';
import { OsIcon } from './OsIcon.js';
import {
  OS_FAMILY_LABEL,
  cpuLabel,
  desktopOffers,
  desktopTone,
  memoryLabel,
  osFamily,
  preferredProtocol,
  type DesktopAction,
  type Offer,
} from './portalModel.js';
import type { PortalVm } from './usePortalData.js';
import type { ConsoleProtocol } from '../console/consoleRoute.js';

export type DesktopCommand = Exclude<DesktopAction, 'console'>;

/** The buttons before the console's (power) and after it, in order; test id portal-vm-<command>. */
const POWER_BUTTONS: readonly (readonly [DesktopCommand, string])[] = [
  ['start', 'Start'],
  ['shutdown', 'Shut down'],
  ['reboot', 'Reboot'],
];
const OTHER_BUTTONS: readonly (readonly [DesktopCommand, string])[] = [
  ['snapshot', 'Take snapshot'],
  ['remove', 'Remove'],
  ['return', 'Return to pool'],
];

function ActionButton(props: {
  offer: Offer;
  label: string;
  testId: string;
  busy: boolean;
  primary?: boolean;
  onClick: () => void;
}) {
  if (!props.offer.shown) return null;
  return (
    <button
      type="button"
      className={`button portal-action${props.primary && props.offer.enabled ? ' button-primary' : ''}`}
      data-testid={props.testId}
      disabled={!props.offer.enabled || props.busy}
      title={props.offer.reason}
      onClick={props.onClick}
    >
      {props.label}
    </button>
  );
}

export function DesktopCard(props: {
  vm: PortalVm;
  busy: boolean;
  onCommand: (vm: PortalVm, command: DesktopCommand) => void;
  onConsole: (vm: PortalVm, protocol: ConsoleProtocol) => void;
}) {
  const { vm, busy } = props;
  const offers = desktopOffers(vm);
  const preferred = preferredProtocol(vm.display);
  const button = (command: DesktopCommand, label: string) => (
    <ActionButton
      key={command}
      offer={offers[command]}
      label={label}
      testId={`portal-vm-${command}`}
      busy={busy}
      primary={command === 'start'}
      onClick={() => props.onCommand(vm, command)}
    />
  );
  const tone = desktopTone(vm.status);
  return (
    <article
      className={`portal-card portal-vm tone-border-${tone}`}
      data-testid="portal-vm-card"
      data-vm-name={vm.name}
      data-vm-id={vm.id}
      data-status={vm.status}
      aria-label={`Desktop ${vm.name}`}
    >
      <header className="portal-card-head">
        <OsIcon os={vm.os} />
        <div className="portal-card-title">
          <h3 data-testid="portal-vm-name">{vm.name}</h3>
          <span className="portal-card-sub">
            {OS_FAMILY_LABEL[osFamily(vm.os)]}
            {vm.poolName ? ` · pool ${vm.poolName}` : ''}
          </span>
        </div>
        <span
          className={`portal-status tone-bg-${tone}`}
          data-testid="portal-vm-status"
          data-tone={tone}
        >
          <StatusIcon status={vm.status} size={12} />
          {vm.status}
        </span>
      </header>
      <dl className="portal-facts">
        <div>
          <dt>Memory</dt>
          <dd data-testid="portal-vm-memory">{memoryLabel(vm.memoryMb)}</dd>
        </div>
        <div>
          <dt>CPUs</dt>
          <dd data-testid="portal-vm-cpus">{cpuLabel(vm.vcpus)}</dd>
        </div>
        <div>
          <dt>Display</dt>
          <dd>{vm.display}</dd>
        </div>
        {vm.ip && (
          <div>
            <dt>Address</dt>
            <dd data-testid="portal-vm-ip">{vm.ip}</dd>
          </div>
        )}
      </dl>
      {vm.description && <p className="portal-card-text">{vm.description}</p>}
      <div className="portal-actions">
        {POWER_BUTTONS.map(([command, label]) => button(command, label))}
        {offers.console.shown && (
          <span className="portal-console" role="group" aria-label="Console">
            {(['spice', 'vnc'] as const).map((protocol) => (
              <button
                key={protocol}
                type="button"
                className={`button portal-action${protocol === preferred && offers.console.enabled ? ' button-primary' : ''}`}
                data-testid={`portal-vm-console-${protocol}`}
                disabled={!offers.console.enabled}
                title={offers.console.reason ?? `Open the console (${protocol.toUpperCase()})`}
                onClick={() => props.onConsole(vm, protocol)}
              >
                Console · {protocol === 'spice' ? 'SPICE' : 'VNC'}
              </button>
            ))}
          </span>
        )}
        {OTHER_BUTTONS.map(([command, label]) => button(command, label))}
      </div>
    </article>
  );
}
