import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HOST_ACTIONS, VM_ACTIONS, vmActions } from '@corral/shared';
import {
  ACTION_DEFS,
  ACTION_OBJECTS,
  ACTION_SPECS,
  isActionObject,
  HOST_ACTION_DEFS,
  VM_ACTION_DEFS,
  actionForKey,
  actionGroups,
  rowAvailability,
  selectionAvailability,
  type ActionDef,
  type ActionRow,
  type Availability,
} from './actionModel.js';

const def = (name: string): ActionDef => {
  const found = VM_ACTION_DEFS.find((d) => d.name === name);
  if (!found) throw new Error(name);
  return found;
};
const run = def('run');
const edit = def('edit');
const create = def('new');

const rows = (names: string[]): ActionRow[] => names.map((name, i) => ({ id: `id-${i}`, name }));
const allow: Availability = { allowed: true };
const refuse = (reason: string): Availability => ({ allowed: false, reason });

describe('rowAvailability', () => {
  it('allows when neither side refuses, including actions they do not mention', () => {
    expect(rowAvailability('run', { run: allow }, { run: allow }).allowed).toBe(true);
    expect(rowAvailability('run', undefined, undefined).allowed).toBe(true);
    expect(rowAvailability('run', {}, {}).allowed).toBe(true);
  });

  it('refuses when either side refuses, the browser’s newer view first', () => {
    const client = refuse('The VM is already running.');
    const server = refuse('No host in the cluster has enough free memory.');
    expect(rowAvailability('run', { run: client }, { run: server })).toBe(client);
    expect(rowAvailability('run', { run: allow }, { run: server })).toBe(server);
    expect(rowAvailability('run', { run: client }, { run: allow })).toBe(client);
  });
});

describe('selectionAvailability', () => {
  it('enables an action only when every selected row allows it', () => {
    const verdicts = fc.array(fc.boolean(), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(verdicts, (allowed) => {
        const selected = rows(allowed.map((_, i) => `vm-${i}`));
        const byId = new Map(selected.map((r, i) => [r.id, allowed[i]!]));
        const result = selectionAvailability('vm', run, selected, (r) =>
          byId.get(r.id) ? allow : refuse(`cannot run ${String(r.name)}`),
        );
        expect(result.allowed).toBe(allowed.every(Boolean));
        if (!result.allowed) {
          const first = selected[allowed.indexOf(false)]!;
          expect(result.reason).toContain(`cannot run ${String(first.name)}`);
        }
      }),
    );
  });

  it('names the refusing row when several are selected, not when one is', () => {
    const reason = 'A VM must be Down to be removed.';
    const two = rows(['web-01', 'db-01']);
    const multi = selectionAvailability('vm', run, two, (r) =>
      r.name === 'db-01' ? refuse(reason) : allow,
    );
    expect(multi).toEqual({ allowed: false, reason: `db-01: ${reason}` });
    const single = selectionAvailability('vm', run, two.slice(1), () => refuse(reason));
    expect(single).toEqual({ allowed: false, reason });
  });

  it('needs a selection, and exactly one row for single-object actions', () => {
    expect(selectionAvailability('vm', run, [], () => allow).allowed).toBe(false);
    expect(selectionAvailability('vm', edit, rows(['a']), () => allow).allowed).toBe(true);
    const many = selectionAvailability(
      'host',
      HOST_ACTION_DEFS.find((d) => d.name === 'fence')!,
      rows(['a', 'b']),
      () => allow,
    );
    expect(many.allowed).toBe(false);
    expect(many.reason).toMatch(/one host/);
  });

  it('lets creating actions run whatever is selected', () => {
    expect(selectionAvailability('vm', create, [], () => refuse('x')).allowed).toBe(true);
    expect(selectionAvailability('vm', create, rows(['a', 'b']), () => refuse('x')).allowed).toBe(
      true,
    );
  });
});

describe('action definitions', () => {
  it('have unique names per object', () => {
    for (const defs of Object.values(ACTION_DEFS)) {
      expect(new Set(defs.map((d) => d.name)).size).toBe(defs.length);
    }
  });

  it('group in toolbar order without losing or reordering any', () => {
    for (const defs of Object.values(ACTION_DEFS)) {
      const groups = actionGroups(defs.map((def) => ({ def })));
      expect(groups.flat().map((i) => i.def)).toEqual(defs);
      for (const g of groups) expect(new Set(g.map((i) => i.def.group)).size).toBe(1);
    }
  });

  it('asks for confirmation before the destructive ones', () => {
    const confirmed = (defs: readonly ActionDef[]) =>
      defs.filter((d) => d.confirm).map((d) => d.name);
    expect(confirmed(VM_ACTION_DEFS)).toEqual(expect.arrayContaining(['remove', 'powerOff']));
    expect(confirmed(HOST_ACTION_DEFS)).toEqual(expect.arrayContaining(['remove']));
  });

  it('maps Delete to Remove', () => {
    expect(actionForKey(VM_ACTION_DEFS, 'Delete')?.name).toBe('remove');
    expect(actionForKey(HOST_ACTION_DEFS, 'Delete')?.name).toBe('remove');
    expect(actionForKey(VM_ACTION_DEFS, 'x')).toBeUndefined();
  });

  it('governs every row action by a shared rule, the console protocols by the console rule', () => {
    // An action the rules don't mention is never refused: a typo would enable it always.
    for (const object of ACTION_OBJECTS) {
      const spec = ACTION_SPECS[object];
      for (const d of spec.defs.filter((d) => d.arity !== 'none')) {
        expect(spec.rules, `${object}.${d.name}`).toContain(d.rule ?? d.name);
      }
    }
    expect(ACTION_SPECS.vm.rules).toEqual(VM_ACTIONS);
    expect(ACTION_SPECS.host.rules).toEqual(HOST_ACTIONS);
    const down = vmActions({ status: 'Down', hostId: null });
    for (const name of ['console', 'consoleSpice', 'consoleVnc']) {
      const d = def(name);
      const verdict = selectionAvailability('vm', d, rows(['vm1']), () =>
        rowAvailability(d.rule ?? d.name, down, undefined),
      );
      expect(verdict).toEqual({ allowed: false, reason: down.console.reason });
    }
  });
});

describe('action objects', () => {
  it('are search objects with a main tab, each with its spec', () => {
    for (const object of ACTION_OBJECTS) {
      expect(isActionObject(object)).toBe(true);
      expect(ACTION_SPECS[object].noun.one).not.toBe('');
    }
    expect(isActionObject('event')).toBe(false);
    expect(isActionObject('bookmark')).toBe(false);
  });
});
