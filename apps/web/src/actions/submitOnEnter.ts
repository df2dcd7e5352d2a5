// Enter submits a command dialog from any of its inputs. Browsers submit a form on
// Enter only from text inputs; a dialog whose choice is a select (Attach, Activate) or
// whose focus sits on a checkbox would otherwise ignore the key.
import type { KeyboardEvent } from 'react';

export function submitOnEnter(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Enter' || e.defaultPrevented || e.nativeEvent.isComposing) return;
  const target = e.target;
  const choice =
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement && target.type === 'checkbox');
  if (!choice) return;
  e.preventDefault();
  target.form?.requestSubmit();
}
