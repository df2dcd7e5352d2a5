import { describe, expect, it } from 'vitest';
import { diskActions, templateRemoveRule, type DiskState } from './disk.js';

const floating: DiskState = { status: 'OK', vms: [], thinChildren: 0, volumes: 1 };

describe('disk rules', () => {
  it('allows everything on an OK floating disk', () => {
    expect(diskActions(floating)).toEqual({
      extend: { allowed: true },
      move: { allowed: true },
      remove: { allowed: true },
    });
  });

  it('refuses all on a Locked disk', () => {
    const r = diskActions({ ...floating, status: 'Locked' });
    for (const a of Object.values(r))
      expect(a).toEqual({
        allowed: false,
        reason: 'The disk is Locked; wait until its current operation ends.',
      });
  });

  it('an Illegal disk can only be removed', () => {
    const r = diskActions({ ...floating, status: 'Illegal' });
    expect(r.extend.allowed).toBe(false);
    expect(r.move.allowed).toBe(false);
    expect(r.remove).toEqual({ allowed: true });
  });

  it('grows a running VM’s disk but moves and removes only a Down VM’s', () => {
    const up = diskActions({ ...floating, vms: [{ name: 'web', status: 'Up' }] });
    expect(up.extend).toEqual({ allowed: true });
    expect(up.move.reason).toBe(
      'VM web is Up; Corral moves a disk only while its VMs are Down (stop it first).',
    );
    expect(up.remove.reason).toBe(
      'The disk is attached to VM web, which is Up; stop the VM first.',
    );
    const migrating = diskActions({ ...floating, vms: [{ name: 'web', status: 'MigratingFrom' }] });
    expect(migrating.extend.reason).toBe(
      'VM web is MigratingFrom; a disk grows while its VMs are Down, Up or Paused.',
    );
    const down = diskActions({ ...floating, vms: [{ name: 'web', status: 'Down' }] });
    expect(down.move.allowed && down.remove.allowed && down.extend.allowed).toBe(true);
  });

  it('keeps a template’s disks and the base of thin disks in place', () => {
    const t = diskActions({ ...floating, template: 'rhel9', thinChildren: 2 });
    expect(t.extend.reason).toBe(
      "The disk belongs to template rhel9; a template's disks keep their size.",
    );
    expect(t.remove.reason).toBe(
      'The disk belongs to template rhel9; remove the template instead.',
    );
    expect(t.move.reason).toBe(
      'The disk is the base image of 2 thin VM disks; it stays where they can read it.',
    );
    expect(diskActions({ ...floating, template: 'rhel9' }).move).toEqual({ allowed: true });
  });

  it('moves only a disk of one image', () => {
    expect(diskActions({ ...floating, volumes: 2 }).move.reason).toBe(
      "The disk has snapshot layers; delete the VM's snapshots first (a move copies one image).",
    );
    expect(
      diskActions({ ...floating, vms: [{ name: 'db', status: 'Down', snapshots: 1 }] }).move.reason,
    ).toBe(
      'VM db has snapshots; Corral moves the disks of VMs without snapshots (delete them first).',
    );
  });

  it('keeps a template that thin VMs sit on', () => {
    expect(templateRemoveRule({ name: 't', thinVms: [] })).toEqual({ allowed: true });
    expect(templateRemoveRule({ name: 't', thinVms: ['a', 'b'] })).toEqual({
      allowed: false,
      reason: 'Template t is the base image of thin VMs (a, b); remove them first.',
    });
  });
});
