import { describe, expect, it } from 'vitest';
import { parseEventLine, splitLifecycle } from './events.js';
import { fixture } from './fixtures/index.js';
import { mapLifecycle } from './state.js';

const lines = fixture('events.txt').split('\n');

describe('virsh event lines', () => {
  it('parses every event line and nothing else', () => {
    const eventLines = lines.filter((l) => /: event '/.test(l));
    const parsed = lines.map(parseEventLine).filter((e) => e !== undefined);
    expect(parsed).toHaveLength(eventLines.length);
    const first = parsed[0]!;
    const m = /^(\S+ \S+?)\+0000: event '([^']+)' for domain '([^']+)': (.*)$/.exec(eventLines[0]!);
    expect(first.time.toISOString()).toBe(`${m?.[1]?.replace(' ', 'T')}Z`);
    expect([first.type, first.domain, first.detail]).toEqual([m?.[2], m?.[3], m?.[4]]);
    // The job-completed event continues on tab-indented lines, which are not events.
    expect(lines.some((l) => l.startsWith('\t'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('\t')).map(parseEventLine)).toEqual(
      lines.filter((l) => l.startsWith('\t')).map(() => undefined),
    );
  });

  it('maps the recorded lifecycle of a VM to oVirt statuses', () => {
    const domain = 'corral-test-smoke';
    const statuses = lines
      .map(parseEventLine)
      .filter((e) => e?.type === 'lifecycle' && e.domain === domain)
      .map((e) => {
        const { event, detail } = splitLifecycle(e!.detail);
        const m = mapLifecycle(event, detail);
        return m.kind === 'domain' ? m.status : m.kind;
      });
    // define, start, managedsave, restore, destroy, two disk redefinitions, undefine
    expect(statuses).toEqual([
      'domain-defined',
      'Up',
      'Up',
      'Paused',
      'Suspended',
      'Up',
      'Up',
      'PoweringDown',
      'Down',
      'ignore',
      'ignore',
      'domain-undefined',
    ]);
  });

  it('splits event words from details', () => {
    expect(splitLifecycle('Shutdown Finished after host request')).toEqual({
      event: 'Shutdown',
      detail: 'Finished after host request',
    });
    expect(mapLifecycle('Stopped', 'Destroyed')).toEqual({
      kind: 'domain',
      status: 'Down',
      reason: 'destroyed',
    });
    expect(mapLifecycle('Suspended', 'Migrated')).toMatchObject({ status: 'MigratingFrom' });
    expect(mapLifecycle('Crashed', 'Panicked')).toMatchObject({
      status: 'Down',
      reason: 'crashed',
    });
    expect(mapLifecycle('PMSuspended', 'Memory')).toMatchObject({ status: 'Suspended' });
  });
});
