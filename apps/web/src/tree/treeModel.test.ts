import { describe, expect, it } from 'vitest';
import { SEARCH_OBJECTS } from '@corral/shared';
import { objectOfQuery, quoteValue } from '../search/queryText.js';
import {
  SYSTEM_KEY,
  ancestorKeys,
  buildTree,
  nodeQuery,
  treeKeyAction,
  visibleNodes,
  type SystemTreeData,
  type TreeNode,
} from './treeModel.js';

const data: SystemTreeData = {
  dataCenters: [
    {
      id: 'dc1',
      name: 'Default',
      status: 'Up',
      clusters: [
        {
          id: 'c1',
          name: 'Prod East',
          vmCount: 12,
          hosts: [
            { id: 'h1', name: 'rhev-1', status: 'Up' },
            { id: 'h2', name: 'rhev-2', status: 'Maintenance' },
          ],
        },
      ],
      storage: [{ id: 's1', name: 'data one', status: 'Active' }],
    },
    { id: 'dc2', name: 'Lab', status: 'Uninitialized', clusters: [], storage: [] },
  ],
};

const all = (n: TreeNode): TreeNode[] => [n, ...n.children.flatMap(all)];
const root = buildTree(data);
const byKind = (kind: TreeNode['kind']) => all(root).filter((n) => n.kind === kind);
const obj = (key: keyof typeof SEARCH_OBJECTS) => SEARCH_OBJECTS[key].names[0];

describe('buildTree', () => {
  it('has a node for every object in the data, named after it', () => {
    const dcs = data.dataCenters;
    expect(byKind('datacenter').map((n) => n.name)).toEqual(dcs.map((d) => d.name));
    expect(byKind('cluster').map((n) => n.name)).toEqual(
      dcs.flatMap((d) => d.clusters.map((c) => c.name)),
    );
    expect(byKind('host').map((n) => n.name)).toEqual(
      dcs.flatMap((d) => d.clusters.flatMap((c) => c.hosts.map((h) => h.name))),
    );
    expect(byKind('storage').map((n) => n.name)).toEqual(
      dcs.flatMap((d) => d.storage.map((s) => s.name)),
    );
  });

  it('counts what the folders stand for', () => {
    const cluster = data.dataCenters[0]!.clusters[0]!;
    expect(byKind('vms')[0]!.count).toBe(cluster.vmCount);
    expect(byKind('hosts')[0]!.count).toBe(cluster.hosts.length);
  });

  it('gives every node a unique key', () => {
    const keys = all(root).map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('node queries', () => {
  const dc = data.dataCenters[0]!;
  const cluster = dc.clusters[0]!;

  it('follows oVirt: each node searches the objects it stands for', () => {
    const q = (kind: TreeNode['kind']) => byKind(kind)[0]!.query;
    expect(q('datacenter')).toBe(`${obj('datacenter')}: name = ${quoteValue(dc.name)}`);
    expect(q('clusters')).toBe(`${obj('cluster')}: datacenter = ${quoteValue(dc.name)}`);
    expect(q('cluster')).toBe(`${obj('cluster')}: name = ${quoteValue(cluster.name)}`);
    expect(q('hosts')).toBe(`${obj('host')}: cluster = ${quoteValue(cluster.name)}`);
    expect(q('vms')).toBe(`${obj('vm')}: cluster = ${quoteValue(cluster.name)}`);
    expect(q('host')).toBe(`${obj('host')}: name = ${quoteValue(cluster.hosts[0]!.name)}`);
    expect(q('storages')).toBe(`${obj('storage')}: datacenter = ${quoteValue(dc.name)}`);
  });

  it('quotes names with spaces', () => {
    expect(byKind('cluster')[0]!.query).toContain('"Prod East"');
    expect(byKind('storage')[0]!.query).toContain('"data one"');
  });

  it('lets System keep the object on screen', () => {
    expect(nodeQuery(root, 'host')).toBe(`${obj('host')}:`);
    expect(objectOfQuery(nodeQuery(root, 'storage'))).toBe('storage');
    const host = byKind('host')[0]!;
    expect(nodeQuery(host, 'vm')).toBe(host.query);
  });
});

describe('keyboard', () => {
  const expanded = new Set([SYSTEM_KEY, 'dc:dc1']);
  const visible = visibleNodes(root, expanded);

  it('shows only the children of expanded nodes', () => {
    expect(visible.map((v) => v.node.key)).toEqual([
      SYSTEM_KEY,
      'dc:dc1',
      'dc:dc1/clusters',
      'dc:dc1/storage',
      'dc:dc2',
    ]);
    expect(visible.map((v) => v.level)).toEqual([1, 2, 3, 3, 2]);
  });

  it('walks with the arrows and stops at the ends', () => {
    expect(treeKeyAction(visible, expanded, 'dc:dc1', 'ArrowDown')).toEqual({
      type: 'focus',
      key: 'dc:dc1/clusters',
    });
    expect(treeKeyAction(visible, expanded, SYSTEM_KEY, 'ArrowUp')).toEqual({ type: 'none' });
    expect(treeKeyAction(visible, expanded, 'dc:dc1', 'End')).toEqual({
      type: 'focus',
      key: 'dc:dc2',
    });
  });

  it('expands with Right, then enters the first child', () => {
    expect(treeKeyAction(visible, expanded, 'dc:dc1/clusters', 'ArrowRight')).toEqual({
      type: 'expand',
      key: 'dc:dc1/clusters',
    });
    expect(treeKeyAction(visible, expanded, 'dc:dc1', 'ArrowRight')).toEqual({
      type: 'focus',
      key: 'dc:dc1/clusters',
    });
    const open = new Set(all(root).map((n) => n.key));
    expect(treeKeyAction(visibleNodes(root, open), open, 'host:h1', 'ArrowRight')).toEqual({
      type: 'none',
    });
  });

  it('collapses with Left, then goes to the parent', () => {
    expect(treeKeyAction(visible, expanded, 'dc:dc1', 'ArrowLeft')).toEqual({
      type: 'collapse',
      key: 'dc:dc1',
    });
    expect(treeKeyAction(visible, expanded, 'dc:dc1/storage', 'ArrowLeft')).toEqual({
      type: 'focus',
      key: 'dc:dc1',
    });
  });

  it('activates with Enter and Space', () => {
    for (const k of ['Enter', ' ']) {
      expect(treeKeyAction(visible, expanded, 'dc:dc2', k)).toEqual({
        type: 'activate',
        key: 'dc:dc2',
      });
    }
  });

  it('finds the path to a node so it can be revealed', () => {
    expect(ancestorKeys(root, 'host:h2')).toEqual([
      SYSTEM_KEY,
      'dc:dc1',
      'dc:dc1/clusters',
      'cluster:c1',
      'cluster:c1/hosts',
    ]);
    expect(ancestorKeys(root, 'nope')).toBeNull();
  });
});
