import { describe, expect, it } from 'vitest';
import type { PoolSpec } from '../driver.js';
import { fixture } from './fixtures/index.js';
import {
  buildPoolXml,
  buildVolumeXml,
  gib,
  isCorralImage,
  parsePoolList,
  parsePoolXml,
  poolIdOf,
  poolName,
  poolSource,
  poolTarget,
} from './pool.js';
import { at, child, elements, parseXml, text } from './xml.js';

const id = '11111111-2222-4333-8444-555555555555';
const spec = (over: Partial<PoolSpec>): PoolSpec => ({
  id,
  name: 'data1',
  type: 'NFS',
  source: 'nfs1.example.com:/exports/data',
  ...over,
});

describe('storage domain → libvirt pool', () => {
  it('mounts NFS and GlusterFS as netfs pools under the mount root', () => {
    const nfs = parseXml(buildPoolXml(spec({}), poolTarget(spec({}), '/var/lib/corral/mnt')));
    expect(nfs.attrs.type).toBe('netfs');
    expect(text(child(nfs, 'name'))).toBe(`corral-${id}`);
    expect(text(child(nfs, 'uuid'))).toBe(id);
    expect(at(nfs, 'source/host')?.attrs.name).toBe('nfs1.example.com');
    expect(at(nfs, 'source/dir')?.attrs.path).toBe('/exports/data');
    expect(at(nfs, 'source/format')?.attrs.type).toBe('nfs');
    expect(text(at(nfs, 'target/path'))).toBe(`/var/lib/corral/mnt/${id}`);
    expect(text(at(nfs, 'target/permissions/mode'))).toBe('0755');
    expect(nfs.attrs['xmlns:fs']).toBeUndefined();

    const gluster = parseXml(
      buildPoolXml(spec({ type: 'GlusterFS', source: 'gl1:vmstore' }), '/m'),
    );
    expect(at(gluster, 'source/host')?.attrs.name).toBe('gl1');
    expect(at(gluster, 'source/dir')?.attrs.path).toBe('/vmstore');
    expect(at(gluster, 'source/format')?.attrs.type).toBe('glusterfs');
  });

  it('passes mount options in libvirt’s fs namespace', () => {
    const xml = parseXml(
      buildPoolXml(
        spec({
          type: 'GlusterFS',
          source: 'gl1:/vmstore',
          mountOptions: 'backup-volfile-servers=gl2:gl3, log-level=WARNING',
        }),
        '/m',
      ),
    );
    expect(xml.attrs['xmlns:fs']).toBe('http://libvirt.org/schemas/storagepool/fs/1.0');
    const opts = elements(child(xml, 'fs:mount_opts')!, 'fs:option').map((o) => o.attrs.name);
    expect(opts).toEqual(['backup-volfile-servers=gl2:gl3', 'log-level=WARNING']);
  });

  it('maps POSIX by its VFS type', () => {
    expect(poolSource(spec({ type: 'POSIX', vfsType: 'nfs4', source: '[fd00::5]:/x' }))).toEqual({
      pool: 'netfs',
      host: 'fd00::5',
      dir: '/x',
      format: 'nfs',
      version: '4',
    });
    const nfs4 = parseXml(
      buildPoolXml(spec({ type: 'POSIX', vfsType: 'nfs4', source: 'srv:/x' }), '/m'),
    );
    expect(at(nfs4, 'source/protocol')?.attrs.ver).toBe('4');
    expect(poolSource(spec({ type: 'POSIX', vfsType: 'cifs', source: '//srv/share' }))).toEqual({
      pool: 'netfs',
      host: 'srv',
      dir: 'share',
      format: 'cifs',
    });
    expect(
      poolSource(spec({ type: 'POSIX', vfsType: 'glusterfs', source: 'gl1:/vol' })),
    ).toMatchObject({ pool: 'netfs', host: 'gl1', dir: '/vol', format: 'glusterfs' });
    const xfs = parseXml(
      buildPoolXml(spec({ type: 'POSIX', vfsType: 'xfs', source: '/dev/sdb1' }), '/m'),
    );
    expect(xfs.attrs.type).toBe('fs');
    expect(at(xfs, 'source/device')?.attrs.path).toBe('/dev/sdb1');
    expect(at(xfs, 'source/format')?.attrs.type).toBe('xfs');
    expect(() => poolSource(spec({ type: 'POSIX', source: 'srv:/x' }))).toThrow(/no VFS type/);
    expect(() => poolSource(spec({ type: 'NFS', source: '/exports' }))).toThrow(
      /not server:\/path/,
    );
  });

  it('keeps a Local domain in its own directory, as a dir pool', () => {
    const local = spec({ type: 'Local', source: '/data/images' });
    expect(poolTarget(local, '/var/lib/corral/mnt')).toBe('/data/images');
    const xml = parseXml(buildPoolXml(local, poolTarget(local, '/x')));
    expect(xml.attrs.type).toBe('dir');
    expect(child(xml, 'source')).toBeUndefined();
    // A recorded target wins (the first local domain keeps <images>/<id>).
    expect(poolTarget({ ...local, target: '/srv/images/x' }, '/m')).toBe('/srv/images/x');
  });

  it('builds thin qcow2 v3 and preallocated raw volumes', () => {
    const thin = parseXml(
      buildVolumeXml({ name: 'd.qcow2', format: 'qcow2', sizeGb: 1, preallocated: false }),
    );
    expect(text(child(thin, 'capacity'))).toBe(String(1024 ** 3));
    expect(text(child(thin, 'allocation'))).toBe('0');
    expect(at(thin, 'target/format')?.attrs.type).toBe('qcow2');
    expect(text(at(thin, 'target/compat'))).toBe('1.1');
    const raw = parseXml(
      buildVolumeXml({ name: 'd.raw', format: 'raw', sizeGb: 2, preallocated: true }),
    );
    expect(text(child(raw, 'allocation'))).toBe(String(2 * 1024 ** 3));
    expect(at(raw, 'target/compat')).toBeUndefined();
  });
});

describe('reading pools back', () => {
  it('parses pool-dumpxml of a mounted glusterfs pool and a dir pool', () => {
    const g = parsePoolXml(fixture('pool-dumpxml-glusterfs.xml'));
    expect(g).toEqual({
      id,
      name: `corral-${id}`,
      type: 'netfs',
      target: `/var/lib/corral-fx/mnt/${id}`,
      capacityBytes: 270553174016,
      allocationBytes: 27845226496,
      availableBytes: 242707947520,
    });
    expect(gib(g.capacityBytes)).toBe(251.97);
    const d = parsePoolXml(fixture('pool-dumpxml-dir.xml'));
    expect(d.type).toBe('dir');
    expect(d.target).toBe('/var/lib/corral-fx/dir');
  });

  it('parses pool-list and recognises Corral’s pools and images', () => {
    expect([...parsePoolList(fixture('pool-list-all.txt'))]).toEqual([
      [`corral-${id}`, true],
      ['corral-aaaaaaaa-2222-4333-8444-555555555555', false],
    ]);
    expect(poolIdOf(poolName(id))).toBe(id);
    expect(poolIdOf('default')).toBeUndefined();
    expect(poolIdOf('corral-test')).toBeUndefined();
    expect(isCorralImage(`${id}.qcow2`)).toBe(true);
    expect(isCorralImage(`${id}.raw`)).toBe(true);
    expect(isCorralImage(`${id}-snap-${id}.qcow2`)).toBe(true);
    expect(isCorralImage('install.iso')).toBe(false);
    expect(isCorralImage(`${id}.qcow2.bak`)).toBe(false);
  });
});
