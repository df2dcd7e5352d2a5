// The parser against output captured from gluster 10.3 on this machine (testdata/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  cliOutput,
  parseCreated,
  parseDf,
  parseHealInfo,
  parseId,
  parseMigration,
  parsePeers,
  parseTaskId,
  parseVolumeInfo,
  parseVolumeStatus,
  splitBrick,
} from './parse.js';
import { toGb } from './store.js';
import { GlusterError } from './types.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const ok = (name: string) => cliOutput(fixture(name), '', `gluster (${name})`);

function refusal(name: string, stderr = ''): GlusterError {
  try {
    cliOutput(fixture(name), stderr, 'gluster …');
  } catch (err) {
    expect(err).toBeInstanceOf(GlusterError);
    return err as GlusterError;
  }
  throw new Error(`${name} was not a refusal`);
}

describe('gluster XML: refusals carry gluster’s message', () => {
  it.each([
    [
      'create-noforce.xml',
      /^Multiple bricks of a replicate volume are present on the same server\..*Use 'force'/,
    ],
    [
      'create-inuse.xml',
      /^Brick: vm:\/tmp\/glx\/bricks\/r3a not available\. Brick may be containing or be contained by an existing brick\.$/,
    ],
    ['create-r3-2bricks.xml', /^Failed to create volume files$/],
    ['create-host-not-peer.xml', /^Host 10\.99\.99\.99 is not in 'Peer in Cluster' state$/],
    ['start-again.xml', /^Volume corral-fx-r3 already started$/],
    ['stop-again.xml', /^Volume corral-fx-r3 is not in the started state$/],
    [
      'delete-started.xml',
      /^Volume corral-fx-r3 has been started\.Volume needs to be stopped before deletion\.$/,
    ],
    ['status-stopped.xml', /^Volume corral-fx-r3 is not started$/],
    ['info-missing.xml', /^Volume does not exist$/],
    [
      'set-unknown.xml',
      /^option : no\.such\.option does not exist Did you mean nfs\.drc-size or \.\.\.mem-factor\?$/,
    ],
    ['reset-unknown.xml', /^Option no\.such\.option does not exist/],
    // `group virt` on Distribute and Disperse: refused whole, nothing of the group set.
    [
      'set-group-virt-distribute.xml',
      /^Cannot set cluster\.shd-max-threads for a non-replicate volume\.$/,
    ],
    [
      'set-group-virt-disperse.xml',
      /^Cannot set cluster\.shd-max-threads for a non-replicate volume\.$/,
    ],
    [
      'set-shd-max-threads-distribute.xml',
      /^Cannot set cluster\.shd-max-threads for a non-replicate volume\.$/,
    ],
    [
      'set-disperse-option-replicate.xml',
      /^Cannot set disperse\.shd-max-threads for a non-disperse volume\.$/,
    ],
    ['add-brick-wrong-count.xml', /^Incorrect number of bricks supplied 1 with count 3$/],
    ['add-brick-inuse.xml', /not available\. Brick may be containing/],
    ['remove-brick-wrong-count.xml', /^Remove brick incorrect brick count of 1 for replica 3$/],
    ['remove-brick-commit-in-progress.xml', /^use 'force' option as migration is in progress$/],
    [
      'remove-brick-status-none.xml',
      /is not a distribute volume or contains only 1 brick\. Not performing rebalance$/,
    ],
    ['replace-brick-unknown.xml', /does not exist in volume: corral-fx-r3$/],
    ['replace-brick-not-started.xml', /^volume: corral-fx-d is not started$/],
    ['rebalance-start-replicate.xml', /is not a distribute volume/],
    ['peer-probe-unknown.xml', /^Probe returned with Transport endpoint is not connected$/],
  ])('%s', (name, message) => {
    expect(refusal(name).message).toMatch(message);
  });

  it('keeps gluster’s errno', () => {
    expect(refusal('info-missing.xml').opErrno).toBe(30806);
  });

  it('reads a CLI usage error (no XML, text on stderr) as its first paragraph', () => {
    const err = refusal(
      'create-disp-bad-redundancy.stderr.txt',
      fixture('create-disp-bad-redundancy.stderr.txt'),
    );
    expect(err.message).toBe(
      'redundancy must be greater than or equal to 1 and less than 2 for a disperse 3 volume',
    );
  });

  it('takes success as success, even with a message (remove-brick start) or errno (probing itself)', () => {
    expect(() => ok('remove-brick-start.xml')).not.toThrow();
    expect(() => ok('peer-probe-self.xml')).not.toThrow();
    expect(() => ok('set-group-virt.xml')).not.toThrow();
    expect(parseCreated(ok('create-r3.xml'))).toEqual({
      id: 'd75c7e63-9611-4c0a-a4c5-68f9536bb38b',
    });
  });
});

describe('volume info', () => {
  it('reads a new replica 3 volume with its bricks and gluster’s default options', () => {
    const [v] = parseVolumeInfo(ok('info-r3-created.xml'));
    expect(v).toEqual({
      name: 'corral-fx-r3',
      id: 'd75c7e63-9611-4c0a-a4c5-68f9536bb38b',
      state: 'Created',
      type: 'Replicate',
      brickCount: 3,
      distCount: 1,
      replicaCount: 3,
      arbiterCount: 0,
      disperseCount: 0,
      redundancyCount: 0,
      transport: 'TCP',
      bricks: ['r3a', 'r3b', 'r3c'].map((b) => ({
        server: 'vm',
        directory: `/tmp/glx/bricks/${b}`,
        hostUuid: '659015de-45cf-41e5-b811-6c3fa508e382',
        isArbiter: false,
      })),
      options: {
        'cluster.granular-entry-heal': 'on',
        'storage.fips-mode-rchecksum': 'on',
        'transport.address-family': 'inet',
        'nfs.disable': 'on',
        'performance.client-io-threads': 'off',
      },
    });
  });

  it('sees the virt group and the owner after optimising', () => {
    const [v] = parseVolumeInfo(ok('info-r3-virt.xml'));
    expect(v?.options).toMatchObject({
      'features.shard': 'on',
      'cluster.quorum-type': 'auto',
      'network.remote-dio': 'disable',
      'storage.owner-uid': '64055',
      'storage.owner-gid': '107',
    });
    expect(v?.options['performance.read-ahead']).toBeUndefined(); // reset after the group set it
  });

  it('reads every type: distributed-replicate, arbiter, disperse, distributed-disperse, distribute', () => {
    const one = (f: string) => parseVolumeInfo(ok(f))[0]!;
    expect(one('info-dr.xml')).toMatchObject({
      type: 'Distributed-Replicate',
      brickCount: 6,
      distCount: 2,
    });
    const arb = one('info-arbiter.xml');
    expect(arb).toMatchObject({ type: 'Replicate', replicaCount: 3, arbiterCount: 1 });
    expect(arb.bricks.map((b) => b.isArbiter)).toEqual([false, false, true]);
    expect(one('info-disperse.xml')).toMatchObject({
      type: 'Disperse',
      disperseCount: 3,
      redundancyCount: 1,
    });
    expect(one('info-ddisp.xml')).toMatchObject({
      type: 'Distributed-Disperse',
      distCount: 2,
      brickCount: 6,
    });
    expect(one('info-dist.xml')).toMatchObject({
      type: 'Distribute',
      state: 'Started',
      brickCount: 2,
    });
    expect(parseVolumeInfo(ok('info-all.xml')).map((v) => `${v.name}:${v.state}`)).toEqual([
      'corral-fx-arb:Started',
      'corral-fx-ddisp:Created',
      'corral-fx-disp:Created',
      'corral-fx-dist:Started',
    ]);
  });
});

describe('volume status', () => {
  it('reads bricks with their space, leaving out the self-heal daemon', () => {
    const [s] = parseVolumeStatus(ok('status-detail-r3.xml'));
    expect(s?.name).toBe('corral-fx-r3');
    expect(s?.bricks).toHaveLength(3);
    expect(s?.bricks[0]).toEqual({
      server: 'vm',
      directory: '/tmp/glx/bricks/r3a',
      peerId: '659015de-45cf-41e5-b811-6c3fa508e382',
      online: true,
      port: 58365,
      pid: 7767,
      totalBytes: 270553174016,
      freeBytes: 245409816576,
      device: '/dev/vda',
      fsName: 'ext4',
      mountOptions: 'rw,relatime,discard,resv_strict,resuid=65534,resgid=65534',
    });
    const [plain] = parseVolumeStatus(ok('status-r3.xml'));
    expect(plain?.bricks.map((b) => b.directory)).toEqual([
      '/tmp/glx/bricks/r3a',
      '/tmp/glx/bricks/r3b',
      '/tmp/glx/bricks/r3c',
    ]);
    expect(plain?.bricks[0]?.totalBytes).toBeNull();
    expect(plain?.tasks).toEqual([]);
  });

  it('sees a brick that is down', () => {
    const [s] = parseVolumeStatus(ok('status-detail-brick-down.xml'));
    const down = s?.bricks.find((b) => b.directory.endsWith('/r3c'));
    expect(down).toMatchObject({ online: false, port: null, pid: null, totalBytes: 270553174016 });
  });

  it('sees a brick removal under way as a task', () => {
    const [s] = parseVolumeStatus(ok('status-remove-task.xml'));
    expect(s?.tasks).toEqual([
      {
        type: 'Remove brick',
        id: '4cdce3cc-86d2-4051-8c70-a35b144c2cfe',
        status: 'in progress',
        bricks: ['vm:/tmp/glx/bricks/r3d', 'vm:/tmp/glx/bricks/r3e', 'vm:/tmp/glx/bricks/r3f'],
      },
    ]);
  });

  it('reads tasks from `status … tasks` (detail has none)', () => {
    expect(parseVolumeStatus(ok('status-detail-r3.xml'))[0]?.tasks).toEqual([]);
    for (const f of ['status-tasks.xml', 'status-all-tasks.xml'])
      expect(parseVolumeStatus(ok(f))).toEqual([
        {
          name: 'corral-fx-tasks',
          bricks: [],
          tasks: [
            {
              type: 'Remove brick',
              id: '8d4a7606-e1ec-404e-b55c-70a3b2223a0d',
              status: 'completed',
              bricks: ['vm:/var/tmp/glx-tasks/b'],
            },
          ],
        },
      ]);
  });

  it('lists only started volumes for all', () => {
    expect(parseVolumeStatus(ok('status-all-detail.xml')).map((v) => v.name)).toEqual([
      'corral-fx-arb',
      'corral-fx-dist',
    ]);
  });
});

describe('brick space: gluster and df on one filesystem', () => {
  // Captured together (testdata/README.md): three bricks of a replica 3 volume under
  // /var/tmp, and df of that filesystem. The disk is 252 GiB with 24 GiB used and 150 GiB
  // reserved for root (ext4 resuid/resv_strict), so df's "Avail" says 77 GiB while
  // gluster's sizeFree says 228 GiB: statvfs' free blocks, reserve included. The brick
  // picker once showed df's Avail, hence 78 GB beside the bricks' 228 GB.
  const [status] = parseVolumeStatus(ok('status-detail-df.xml'));
  const [fs] = parseDf(fixture('df.txt'));

  it('reads sizeTotal and sizeFree as bytes of each brick’s filesystem, not summed', () => {
    expect(status?.bricks.map((b) => [b.directory, b.totalBytes, b.freeBytes])).toEqual(
      ['r3a', 'r3b', 'r3c'].map((d) => [
        `/var/tmp/corral-test-gluster/probe/${d}`,
        270553174016,
        244326731776,
      ]),
    );
    expect(status?.bricks.map((b) => toGb(b.freeBytes!))).toEqual([227.5, 227.5, 227.5]);
    expect(status?.bricks.map((b) => toGb(b.totalBytes!))).toEqual([252, 252, 252]);
  });

  it('gives the brick picker the same free space gluster gives the bricks there', () => {
    expect(fs?.mount).toBe('/');
    expect(toGb(fs!.totalBytes)).toBe(252);
    expect(toGb(fs!.freeBytes)).toBe(227.5);
    // The same filesystem, a moment apart: within a megabyte of gluster's figure.
    expect(Math.abs(fs!.freeBytes - status!.bricks[0]!.freeBytes!)).toBeLessThan(1024 ** 2);
  });
});

describe('migrations, heal info, peers, df, id', () => {
  it('follows a brick removal from in progress to completed', () => {
    expect(parseTaskId(ok('remove-brick-start.xml'), 'volRemoveBrick')).toBe(
      '4cdce3cc-86d2-4051-8c70-a35b144c2cfe',
    );
    expect(parseMigration(ok('remove-brick-status-1.xml'), 'volRemoveBrick')).toEqual({
      taskId: '4cdce3cc-86d2-4051-8c70-a35b144c2cfe',
      status: 'in progress',
      files: 0,
      bytes: 0,
      lookups: 205,
      failures: 0,
      skipped: 0,
      runtimeSeconds: 0,
    });
    expect(parseMigration(ok('remove-brick-status-done.xml'), 'volRemoveBrick')).toMatchObject({
      status: 'completed',
      files: 92,
      bytes: 18000004,
      runtimeSeconds: 9,
    });
    expect(parseMigration(ok('remove-brick-stop.xml'), 'volRemoveBrick').status).toBe('stopped');
    expect(parseTaskId(ok('rebalance-start.xml'), 'volRebalance')).toBe(
      '516a52d7-2ef3-4332-a2d3-b0bb7834cbe4',
    );
    expect(parseMigration(ok('rebalance-status.xml'), 'volRebalance').status).toBe('completed');
  });

  it('reads heal info, pending entries and an unreachable brick', () => {
    expect(parseHealInfo(ok('heal-info.xml')).every((b) => b.connected && b.entries === 0)).toBe(
      true,
    );
    const pending = parseHealInfo(ok('heal-info-pending.xml'));
    expect(pending[0]).toEqual({
      server: 'vm',
      directory: '/tmp/glx/bricks/r3a',
      connected: true,
      status: 'Connected',
      entries: 4,
      files: ['/', '/heal1', '/heal3', '/heal2'],
    });
    expect(pending[2]).toMatchObject({
      directory: '/tmp/glx/bricks/r3c',
      connected: false,
      status: 'Transport endpoint is not connected',
      entries: null,
    });
  });

  it('reads the pool', () => {
    expect(parsePeers(ok('peer-status.xml'))).toEqual([]);
    expect(parsePeers(ok('pool-list.xml'))).toEqual([
      {
        uuid: '659015de-45cf-41e5-b811-6c3fa508e382',
        hostname: 'localhost',
        hostnames: ['localhost'],
        connected: true,
      },
    ]);
  });

  it('lists disk filesystems from df, not memory or pseudo ones, free as size minus used', () => {
    expect(parseDf(fixture('df.txt'))).toEqual([
      {
        device: '/dev/vda',
        fsType: 'ext4',
        mount: '/',
        totalBytes: 270553174016,
        freeBytes: 270553174016 - 26226536448,
      },
    ]);
  });

  it('reads ids and brick names', () => {
    expect(
      parseId('uid=64055(libvirt-qemu) gid=107(kvm) groups=107(kvm),64055(libvirt-qemu)\n'),
    ).toEqual({
      uid: 64055,
      gid: 107,
    });
    expect(parseId('id: ‘qemu’: no such user')).toBeNull();
    expect(splitBrick('fd00::2:/gluster/b1')).toEqual({
      server: 'fd00::2',
      directory: '/gluster/b1',
    });
    expect(() => splitBrick('nodir')).toThrow(GlusterError);
  });
});
