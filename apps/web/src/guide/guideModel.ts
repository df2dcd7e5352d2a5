// Guide Me as the dialog shows it: each step configured, missing or not yet possible
// (and why), and which object's action each of its buttons opens, with what preset.
// Kept free of React: the presentation and the wiring are tested on their own.
import type { Guide, GuideAction, GuideActionKey, GuideStep } from '@corral/shared';
import type { ActionName, ActionObject } from '../actions/actionModel.js';
import type { ActionPreset } from '../actions/actionSteps.js';

export type GuideObject = Guide['object'];

/** Where a guide stands in the inventory: what its steps' dialogs start with. */
export interface GuidePlace {
  readonly dataCenterId?: string | undefined;
  /** The cluster a new host (or volume) goes in: the guided cluster, or the data center's first. */
  readonly clusterId?: string | undefined;
}

/** The action a guide button opens: an object's toolbar action, or a storage step of its own. */
export interface GuideTarget {
  readonly object: ActionObject;
  readonly action: ActionName;
  readonly preset: ActionPreset;
}

export function guideTarget(
  key: GuideActionKey,
  step: GuideStep['key'],
  at: GuidePlace,
): GuideTarget {
  const dc = { dataCenterId: at.dataCenterId };
  switch (key) {
    case 'newCluster':
      return { object: 'cluster', action: 'new', preset: dc };
    case 'newHost':
      return { object: 'host', action: 'add-host', preset: { clusterId: at.clusterId } };
    case 'newVolume':
      return { object: 'volume', action: 'new', preset: { clusterId: at.clusterId } };
    case 'newStorage':
      return { object: 'storage', action: 'new', preset: { ...dc, domainType: 'Data' } };
    case 'attachStorage':
      return { object: 'storage', action: 'attachTo', preset: { ...dc, domainType: 'Data' } };
    case 'newIsoDomain':
      return { object: 'storage', action: 'new', preset: { ...dc, domainType: 'ISO' } };
    case 'attachIso':
      return { object: 'storage', action: 'attachTo', preset: { ...dc, domainType: 'ISO' } };
    case 'activateStorage':
      return {
        object: 'storage',
        action: 'activateIn',
        preset: { ...dc, domainType: step === 'iso' ? 'ISO' : 'Data' },
      };
  }
}

/** What the place must know for the target to open: the data center, or a cluster. */
export function missingPlace(target: GuideTarget): string | undefined {
  const p = target.preset;
  if ('dataCenterId' in p && !p.dataCenterId) return 'Looking up the data center…';
  if (target.object === 'host' && !p.clusterId) return 'Looking up the cluster…';
  if (target.object === 'volume' && !p.clusterId) return 'Looking up the cluster…';
  return undefined;
}

export type StepState = 'done' | 'todo' | 'blocked';

export function stepState(step: GuideStep): StepState {
  if (step.done) return 'done';
  return step.available ? 'todo' : 'blocked';
}

export const STEP_STATE_LABEL: Record<StepState, string> = {
  done: 'Configured',
  todo: 'Missing',
  blocked: 'Not yet possible',
};

/** A guide button: enabled or not, and the reason shown when not. */
export interface GuideButton {
  readonly action: GuideAction;
  readonly target: GuideTarget;
  readonly enabled: boolean;
  readonly reason?: string;
}

/**
 * A step's buttons. The guide's own verdict comes first (DOMAIN.md's words), then
 * whether the portal can open that dialog (the place is known, the object has it).
 */
export function stepButtons(
  step: GuideStep,
  at: GuidePlace,
  offered: (target: GuideTarget) => boolean,
): GuideButton[] {
  return step.actions.map((action) => {
    const target = guideTarget(action.key, step.key, at);
    if (!action.allowed)
      return {
        action,
        target,
        enabled: false,
        reason: action.reason ?? `${action.label} is not possible yet.`,
      };
    const waiting = missingPlace(target);
    if (waiting) return { action, target, enabled: false, reason: waiting };
    if (!offered(target))
      return {
        action,
        target,
        enabled: false,
        reason: `${action.label} is not available in this portal yet.`,
      };
    return { action, target, enabled: true };
  });
}

const NOUN: Record<GuideObject, string> = { dataCenter: 'Data Center', cluster: 'Cluster' };

export function guideTitle(object: GuideObject, name: string): string {
  return `${NOUN[object]} ${name} — Guide Me`;
}

/** The sentence above the steps: what is still missing, in order, or that nothing is. */
export function guideSummary(guide: Guide): string {
  const missing = guide.steps.filter((s) => !s.done).map((s) => s.label);
  const what = NOUN[guide.object].toLowerCase();
  if (missing.length === 0) return `The ${what} ${guide.name} has everything it needs.`;
  return `The ${what} ${guide.name} still needs: ${missing.join(', ')}. Configure ${missing.length === 1 ? 'it' : 'them in this order'}.`;
}
