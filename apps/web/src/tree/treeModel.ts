// The system tree (System → data centers → clusters → hosts / VMs, storage) and what
// selecting each node searches for. The tree never filters anything itself: a node is
// a query, so the grid, the URL and the bookmarks all see the same thing.
import type { SearchObjectKey } from '@corral/shared';
import { conditionQuery, objectQuery } from '../search/queryText.js';

/** The shape of `tree.get`, as far as the tree needs it. */
export interface SystemTreeData {
  readonly dataCenters: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly clusters: ReadonlyArray<{
      readonly id: string;
      readonly name: string;
      readonly hosts: ReadonlyArray<{
        readonly id: string;
        readonly name: string;
        readonly status: string;
      }>;
      readonly vmCount: number;
    }>;
    readonly storage: ReadonlyArray<{
      readonly id: string;
      readonly name: string;
      readonly status: string;
    }>;
  }>;
}

export type TreeNodeKind =
  | 'system'
  | 'datacenter'
  | 'clusters'
  | 'cluster'
  | 'hosts'
  | 'host'
  | 'vms'
  | 'storages'
  | 'storage';

export interface TreeNode {
  /** Stable across refreshes, so expansion and focus survive a reload of the tree. */
  readonly key: string;
  readonly kind: TreeNodeKind;
  readonly name: string;
  readonly status?: string;
  /** Shown after the name: how many objects the node stands for. */
  readonly count?: number;
  readonly children: readonly TreeNode[];
  /** What selecting the node searches; null for System, which keeps the current object. */
  readonly query: string | null;
}

export const SYSTEM_KEY = 'system';

export function buildTree(data: SystemTreeData): TreeNode {
  return {
    key: SYSTEM_KEY,
    kind: 'system',
    name: 'System',
    query: null,
    children: data.dataCenters.map((dc) => ({
      key: `dc:${dc.id}`,
      kind: 'datacenter',
      name: dc.name,
      status: dc.status,
      query: conditionQuery('datacenter', 'name', dc.name),
      children: [
        {
          key: `dc:${dc.id}/clusters`,
          kind: 'clusters',
          name: 'Clusters',
          count: dc.clusters.length,
          query: conditionQuery('cluster', 'datacenter', dc.name),
          children: dc.clusters.map((cl) => ({
            key: `cluster:${cl.id}`,
            kind: 'cluster',
            name: cl.name,
            query: conditionQuery('cluster', 'name', cl.name),
            children: [
              {
                key: `cluster:${cl.id}/hosts`,
                kind: 'hosts',
                name: 'Hosts',
                count: cl.hosts.length,
                query: conditionQuery('host', 'cluster', cl.name),
                children: cl.hosts.map((h) => statusLeaf('host', h)),
              },
              {
                key: `cluster:${cl.id}/vms`,
                kind: 'vms',
                name: 'VMs',
                count: cl.vmCount,
                query: conditionQuery('vm', 'cluster', cl.name),
                children: [],
              },
            ],
          })),
        },
        {
          key: `dc:${dc.id}/storage`,
          kind: 'storages',
          name: 'Storage',
          count: dc.storage.length,
          query: conditionQuery('storage', 'datacenter', dc.name),
          children: dc.storage.map((sd) => statusLeaf('storage', sd)),
        },
      ],
    })),
  };
}

/** A host or storage domain: a leaf with its status that searches for itself by name. */
function statusLeaf(
  kind: 'host' | 'storage',
  item: { readonly id: string; readonly name: string; readonly status: string },
): TreeNode {
  return {
    key: `${kind}:${item.id}`,
    kind,
    name: item.name,
    status: item.status,
    query: conditionQuery(kind, 'name', item.name),
    children: [],
  };
}

/** System shows everything of the object already on screen, as oVirt's tree root does. */
export function nodeQuery(node: TreeNode, currentObject: SearchObjectKey): string {
  return node.query ?? objectQuery(currentObject);
}

export interface VisibleNode {
  readonly node: TreeNode;
  readonly level: number;
  readonly parentKey: string | null;
}

/** The nodes on screen, top to bottom: the order the arrow keys walk. */
export function visibleNodes(root: TreeNode, expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (node: TreeNode, level: number, parentKey: string | null) => {
    out.push({ node, level, parentKey });
    if (expanded.has(node.key)) for (const c of node.children) walk(c, level + 1, node.key);
  };
  walk(root, 1, null);
  return out;
}

export type TreeKeyAction =
  | { readonly type: 'focus'; readonly key: string }
  | { readonly type: 'expand'; readonly key: string }
  | { readonly type: 'collapse'; readonly key: string }
  | { readonly type: 'activate'; readonly key: string }
  | { readonly type: 'none' };

/** The WAI-ARIA tree view keyboard model. */
export function treeKeyAction(
  visible: readonly VisibleNode[],
  expanded: ReadonlySet<string>,
  focusedKey: string,
  key: string,
): TreeKeyAction {
  const i = visible.findIndex((v) => v.node.key === focusedKey);
  const current = visible[i];
  if (!current) return visible[0] ? { type: 'focus', key: visible[0].node.key } : { type: 'none' };
  const hasChildren = current.node.children.length > 0;
  const isOpen = expanded.has(focusedKey);
  const focus = (v: VisibleNode | undefined): TreeKeyAction =>
    v ? { type: 'focus', key: v.node.key } : { type: 'none' };
  switch (key) {
    case 'ArrowDown':
      return focus(visible[i + 1]);
    case 'ArrowUp':
      return focus(visible[i - 1]);
    case 'Home':
      return focus(visible[0]);
    case 'End':
      return focus(visible[visible.length - 1]);
    case 'ArrowRight':
      if (!hasChildren) return { type: 'none' };
      return isOpen ? focus(visible[i + 1]) : { type: 'expand', key: focusedKey };
    case 'ArrowLeft':
      if (hasChildren && isOpen) return { type: 'collapse', key: focusedKey };
      return current.parentKey ? { type: 'focus', key: current.parentKey } : { type: 'none' };
    case 'Enter':
    case ' ':
      return { type: 'activate', key: focusedKey };
    default:
      return { type: 'none' };
  }
}

/** Keys of the nodes on the way to `key`, so a deep-linked selection can be revealed. */
export function ancestorKeys(root: TreeNode, key: string): string[] | null {
  if (root.key === key) return [];
  for (const c of root.children) {
    const below = ancestorKeys(c, key);
    if (below) return [root.key, ...below];
  }
  return null;
}
