import { describe, expect, it } from 'vitest';
import { parseDomainXml } from './domain.js';
import { fixture } from './fixtures/index.js';
import { parseBackingChain } from './image.js';
import {
  createSnapshotArgs,
  overlayPath,
  parseSnapshotXml,
  planMerge,
  planRevert,
  SnapshotChainError,
} from './snapshot.js';

const snapSrc = fixture('snapshot-s2.xml');
const chainSrc = fixture('backing-chain.qemu-img.txt');

describe('snapshot XML', () => {
  it('reads the overlays a snapshot created and its parent', () => {
    const s = parseSnapshotXml(snapSrc);
    expect(s.name).toBe(/<name>([^<]+)<\/name>/.exec(snapSrc)?.[1]);
    expect(s.parent).toBe(/<parent>\s*<name>([^<]+)</.exec(snapSrc)?.[1]);
    expect(s.state).toBe('disk-snapshot');
    const external = [
      ...snapSrc.matchAll(
        /<disk name='(\w+)' snapshot='external'[^>]*>\s*<driver[^>]*\/>\s*<source file='([^']+)'/g,
      ),
    ];
    expect(s.disks).toEqual(external.map((m) => ({ target: m[1], overlay: m[2] })));
  });

  it('names overlays after the disk, not after earlier overlays', () => {
    expect(overlayPath('/img/disk1.qcow2', 's1')).toBe('/img/disk1-snap-s1.qcow2');
    expect(overlayPath('/img/disk1-snap-s1.qcow2', 's2')).toBe('/img/disk1-snap-s2.qcow2');
    expect(overlayPath('/img/data.raw', 'a/b')).toBe('/img/data-snap-a_b.qcow2');
  });

  it('snapshots disks externally and leaves CD-ROMs alone', () => {
    const domain = parseDomainXml(fixture('dumpxml-running.xml'));
    const args = createSnapshotArgs('vm', 's9', 'before upgrade', domain.disks);
    expect(args.slice(0, 8)).toEqual([
      'snapshot-create-as',
      'vm',
      '--name',
      's9',
      '--description',
      'before upgrade',
      '--disk-only',
      '--atomic',
    ]);
    expect(createSnapshotArgs('vm', 's9', '', domain.disks)).not.toContain('--description');
    const specs = args.filter((_, i) => args[i - 1] === '--diskspec');
    expect(specs).toEqual(
      domain.disks.map((d) =>
        d.device === 'disk'
          ? `${d.target},snapshot=external,file=${overlayPath(d.source!.path, 's9')}`
          : `${d.target},snapshot=no`,
      ),
    );
  });
});

describe('chain plans on a real qemu-img chain', () => {
  const chain = parseBackingChain(chainSrc);
  const files = [...chainSrc.matchAll(/^ {8}"filename": "([^"]+)"/gm)].map((m) => m[1]);

  it('reads the chain top first', () => {
    expect(chain.map((l) => l.filename)).toEqual(files);
    expect(chain[0]?.backingFilename).toBe(files[1]);
    expect(chain.at(-1)?.backingFilename).toBeUndefined();
  });

  it('reverting to the older snapshot drops the layers above its overlay', () => {
    const [top, mid, base] = files as [string, string, string];
    const plan = planRevert(chain, { target: 'vda', overlay: mid });
    expect(plan).toEqual({ discard: [top], overlay: mid, base: { path: base, format: 'qcow2' } });
    expect(planRevert(chain, { target: 'vda', overlay: top }).discard).toEqual([]);
  });

  it('merging commits an overlay into its base and rebases what sat on it', () => {
    const [top, mid, base] = files as [string, string, string];
    expect(planMerge(chain, { target: 'vda', overlay: mid })).toEqual({
      overlay: mid,
      base: { path: base, format: 'qcow2' },
      rebase: top,
    });
    expect(planMerge(chain, { target: 'vda', overlay: top })).toEqual({
      overlay: top,
      base: { path: mid, format: 'qcow2' },
      newTop: { path: mid, format: 'qcow2' },
    });
  });

  it('refuses overlays that are not in the chain, or the base itself', () => {
    expect(() => planRevert(chain, { target: 'vda', overlay: '/elsewhere.qcow2' })).toThrow(
      SnapshotChainError,
    );
    expect(() => planMerge(chain, { target: 'vda', overlay: files[2]! })).toThrow(
      /not in its chain/,
    );
  });
});
