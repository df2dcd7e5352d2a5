// Fail closed: every procedure declares what it needs (checked before it runs) or that it
// checks for itself. A procedure without either would be refused at run time; this test
// names it at build time. The table of what each needs is docs/identity.md's.
import { ACTION_GROUPS, OBJECT_TYPES } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { appRouter } from './router.js';
import type { Needs, ProcedureMeta } from './trpc.js';

interface ProcedureDef {
  _def: { meta?: ProcedureMeta; type: string };
}

const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures,
);

describe('procedure meta', () => {
  it('walks every procedure of the app router', () => {
    expect(procedures.length).toBeGreaterThan(100);
    expect(procedures.map(([path]) => path)).toContain('vm.run');
  });

  it.each(procedures)('%s declares needs or checkedInside', (_, proc) => {
    const meta = proc._def.meta;
    const needs = meta?.needs;
    const declared = needs !== undefined || (meta?.checkedInside ?? '').trim().length > 0;
    expect(declared).toBe(true);
    const list: readonly Needs[] =
      needs === undefined ? [] : Array.isArray(needs) ? needs : [needs as Needs];
    for (const n of list) {
      expect(ACTION_GROUPS).toContain(n.group);
      expect(OBJECT_TYPES).toContain(n.on);
      // An object other than System is named by the input.
      if (n.on !== 'System') expect(typeof n.id).toBe('function');
    }
  });

  it('declares the groups oVirt users expect on the everyday commands', () => {
    const needsOf = (path: string) => {
      const meta = procedures.find(([p]) => p === path)?.[1]._def.meta;
      const n = meta?.needs;
      return (Array.isArray(n) ? n : [n]).map(
        (x: Needs | undefined) => x && `${x.group} on ${x.on}`,
      );
    };
    expect(needsOf('vm.run')).toContain('VM_BASIC_OPERATIONS on Vm');
    expect(needsOf('vm.create')).toEqual(['CREATE_VM on Cluster']);
    expect(needsOf('vm.migrate')).toEqual(['MIGRATE_VM on Vm']);
    expect(needsOf('console.open')).toEqual(['CONNECT_TO_VM on Vm']);
    expect(needsOf('host.add')).toEqual(['CREATE_HOST on Cluster']);
    expect(needsOf('dataCenter.create')).toEqual(['CREATE_STORAGE_POOL on System']);
    expect(needsOf('user.create')).toEqual(['MANIPULATE_USERS on System']);
    expect(needsOf('gluster.delete')).toEqual(['DELETE_GLUSTER_VOLUME on GlusterVolume']);
  });
});
