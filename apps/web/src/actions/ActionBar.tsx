// The command buttons above the Virtual Machines and Hosts grids. A button is disabled
// when any selected row refuses its action; hovering it says why.
import { Icon } from '../layout/icons.js';
import { actionGroups, type ActionItem, type ActionName } from './actionModel.js';

export function ActionBar(props: {
  items: readonly ActionItem[];
  busy: ActionName | null;
  onInvoke: (name: ActionName) => void;
}) {
  const groups = actionGroups(props.items);
  return (
    <div className="action-bar" role="toolbar" aria-label="Actions" data-testid="action-bar">
      {groups.map((group, i) => (
        <div className="action-group" key={group[0]!.def.name}>
          {i > 0 && <span className="action-separator" aria-hidden="true" />}
          {group.map(({ def, availability }) => (
            // The title sits on a wrapper too: browsers show no tooltip for a disabled button.
            <span key={def.name} title={availability.reason ?? def.menuLabel ?? def.label}>
              <button
                type="button"
                className="button button-small action-button"
                data-testid={`action-${def.name}`}
                disabled={!availability.allowed || props.busy !== null}
                title={availability.reason ?? def.menuLabel ?? def.label}
                aria-busy={props.busy === def.name || undefined}
                onClick={() => props.onInvoke(def.name)}
              >
                {def.icon && <Icon name={def.icon} size={11} />}
                {def.label}
                {(def.dialog || def.confirm) && '…'}
              </button>
            </span>
          ))}
        </div>
      ))}
    </div>
  );
}
