import { describe, expect, it } from 'vitest';
import { HOST_STATUSES, VM_STATUSES } from '../domain/status.js';
import { defaultLibvirtUri } from '../forms/host.js';
import { HOST_ACTIONS, hostActions } from './host.js';
import { VM_ACTIONS, vmActions, vmFieldEditable } from './vm.js';

// DOMAIN.md, as written there (not as the code under test lists them).
const CONSOLE = ['Up', 'PoweringUp', 'PoweringDown', 'Paused', 'RebootInProgress'];

describe('VM action rules', () => {
  it('answers every action for every status, with a reason exactly when refused', () => {
    for (const status of VM_STATUSES) {
      const rules = vmActions({ status, hostId: 'h' });
      expect(Object.keys(rules).sort()).toEqual([...VM_ACTIONS].sort());
      for (const rule of Object.values(rules)) {
        if (rule.allowed) expect(rule.reason).toBeUndefined();
        else expect(rule.reason).toMatch(/^[A-Z].*\.$/);
      }
    }
  });

  it('removes only a Down VM, with DOMAIN.md’s message', () => {
    for (const status of VM_STATUSES) {
      const rule = vmActions({ status }).remove;
      expect(rule.allowed).toBe(status === 'Down');
      if (status !== 'Down' && status !== 'ImageLocked')
        expect(rule.reason).toBe('A VM must be Down to be removed.');
    }
  });

  it('opens a console only in the statuses DOMAIN.md lists', () => {
    for (const status of VM_STATUSES)
      expect(vmActions({ status, hostId: 'h' }).console.allowed).toBe(CONSOLE.includes(status));
  });

  it('runs a Down, Suspended or Paused VM (the latter two resume) and nothing already running', () => {
    for (const status of VM_STATUSES)
      expect(vmActions({ status }).run.allowed).toBe(
        ['Down', 'Suspended', 'Paused'].includes(status),
      );
    expect(vmActions({ status: 'Up' }).run.reason).toBe('The VM is already running.');
  });

  it('migrates only an Up VM that runs on a host', () => {
    expect(vmActions({ status: 'Up', hostId: 'h' }).migrate.allowed).toBe(true);
    expect(vmActions({ status: 'Up', hostId: null }).migrate.allowed).toBe(false);
    for (const status of VM_STATUSES.filter((s) => s !== 'Up'))
      expect(vmActions({ status, hostId: 'h' }).migrate.allowed).toBe(false);
  });

  it('changes memory, CPUs and the like only while Down; the name always', () => {
    for (const status of VM_STATUSES) {
      expect(vmFieldEditable({ status }, 'memoryMb').allowed).toBe(status === 'Down');
      expect(vmFieldEditable({ status }, 'name').allowed).toBe(status !== 'ImageLocked');
    }
  });
});

describe('host action rules', () => {
  it('removes only a host in Maintenance with no VMs, with DOMAIN.md’s message', () => {
    for (const status of HOST_STATUSES) {
      const rule = hostActions({ status, activeVms: 0 }).remove;
      expect(rule.allowed).toBe(status === 'Maintenance');
      if (status !== 'Maintenance')
        expect(rule.reason).toBe('The host must be in Maintenance to be removed.');
    }
    expect(hostActions({ status: 'Maintenance', activeVms: 2 }).remove.allowed).toBe(false);
  });

  it('fences only a NonResponsive host; answers every action', () => {
    for (const status of HOST_STATUSES) {
      const rules = hostActions({ status, activeVms: 0 });
      expect(Object.keys(rules).sort()).toEqual([...HOST_ACTIONS].sort());
      expect(rules.fence.allowed).toBe(status === 'NonResponsive');
      expect(rules.maintenance.allowed && rules.activate.allowed && status === 'Maintenance').toBe(
        false,
      );
    }
  });

  it('reaches libvirt on this machine locally and other machines over ssh', () => {
    expect(defaultLibvirtUri('localhost')).toBe('qemu:///system');
    expect(defaultLibvirtUri('127.0.0.1')).toBe('qemu:///system');
    expect(defaultLibvirtUri('kvm7.example.com')).toBe('qemu+ssh://root@kvm7.example.com/system');
  });
});
