import { VM_STATUSES } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { mapDomainState } from './state.js';

describe('mapDomainState', () => {
  it('maps every libvirt state and reason to a known VM status', () => {
    for (let state = 0; state <= 8; state++) {
      for (let reason = 0; reason <= 15; reason++) {
        expect(VM_STATUSES).toContain(mapDomainState(state, reason).status);
      }
    }
  });

  it('follows the documented mapping', () => {
    expect(mapDomainState(1, 1)).toEqual({ status: 'Up', reason: 'booted' });
    expect(mapDomainState(3, 1)).toEqual({ status: 'Paused', reason: 'user' });
    expect(mapDomainState(3, 5)).toEqual({ status: 'Paused', reason: 'io-error' });
    expect(mapDomainState(3, 2).status).toBe('MigratingFrom');
    expect(mapDomainState(3, 3).status).toBe('SavingState');
    expect(mapDomainState(3, 11).status).toBe('PoweringUp');
    expect(mapDomainState(4, 1).status).toBe('PoweringDown');
    expect(mapDomainState(5, 2)).toEqual({ status: 'Down', reason: 'destroyed' });
    expect(mapDomainState(5, 5)).toEqual({ status: 'Suspended', reason: 'saved' });
    expect(mapDomainState(6, 0)).toEqual({ status: 'Down', reason: 'crashed' });
    expect(mapDomainState(7, 0).status).toBe('Suspended');
    expect(mapDomainState(0, 0).status).toBe('Unknown');
  });
});
