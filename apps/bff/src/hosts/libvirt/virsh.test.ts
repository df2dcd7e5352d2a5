import { describe, expect, it } from 'vitest';
import { CommandError, parseUri, runCommand, hostShell } from './virsh.js';

describe('parseUri', () => {
  it('tells local, ssh and other remote URIs apart', () => {
    expect(parseUri('qemu:///system')).toEqual({ local: true, hostname: '' });
    expect(parseUri('qemu+tcp://localhost/system').local).toBe(true);
    expect(parseUri('qemu+ssh://root@host-7.lab:2222/system?keyfile=/k/id')).toEqual({
      local: false,
      hostname: 'host-7.lab',
      ssh: { destination: 'root@host-7.lab', port: '2222', keyfile: '/k/id' },
    });
    expect(parseUri('qemu+tcp://10.1.2.3/system')).toEqual({ local: false, hostname: '10.1.2.3' });
    expect(hostShell(parseUri('qemu+tls://h/system'))).toBeUndefined();
    expect(() => parseUri('not a uri')).toThrow(/not a libvirt URI/);
  });
});

describe('runCommand', () => {
  it('returns stdout and feeds stdin', async () => {
    expect(await runCommand('cat', [], { input: 'hello' })).toBe('hello');
  });

  it('puts stderr and the command in the error', async () => {
    const err = await runCommand('sh', ['-c', 'echo "error: no such domain" >&2; exit 3']).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).exitCode).toBe(3);
    expect((err as CommandError).message).toMatch(/^sh -c .*: no such domain$/);
  });

  it('kills commands that outlive their timeout', async () => {
    const err = await runCommand('sleep', ['5'], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/timed out after 100 ms/);
  });
});
