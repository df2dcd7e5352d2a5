// The system tree in the sidebar. Selecting a node runs its query; the node whose
// query is on screen is shown selected, so the tree also tells where the user is.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SearchObjectKey } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { Icon, StatusIcon, type UiIconName } from '../layout/icons.js';
import { sameQuery } from '../search/queryText.js';
import {
  SYSTEM_KEY,
  ancestorKeys,
  buildTree,
  nodeQuery,
  treeKeyAction,
  visibleNodes,
  type TreeNode,
  type TreeNodeKind,
} from './treeModel.js';

const POLL_MS = 30_000;

const KIND_ICON: Record<TreeNodeKind, UiIconName> = {
  system: 'system',
  datacenter: 'datacenter',
  clusters: 'folder',
  cluster: 'cluster',
  hosts: 'folder',
  host: 'host',
  vms: 'vm',
  storages: 'folder',
  storage: 'storage',
};

function findNode(root: TreeNode, key: string): TreeNode | undefined {
  if (root.key === key) return root;
  for (const c of root.children) {
    const hit = findNode(c, key);
    if (hit) return hit;
  }
  return undefined;
}

function findByQuery(root: TreeNode, query: string): TreeNode | undefined {
  if (root.query && sameQuery(root.query, query)) return root;
  for (const c of root.children) {
    const hit = findByQuery(c, query);
    if (hit) return hit;
  }
  return undefined;
}

export function SystemTree(props: {
  object: SearchObjectKey;
  query: string;
  onRun: (query: string) => void;
}) {
  const trpc = useTRPC();
  const tree = useQuery({ ...trpc.tree.get.queryOptions(), refetchInterval: POLL_MS });
  const root = useMemo(() => (tree.data ? buildTree(tree.data) : null), [tree.data]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set([SYSTEM_KEY]));
  const [focusKey, setFocusKey] = useState(SYSTEM_KEY);
  const [revealed, setRevealed] = useState<string | null>(null);
  const itemRefs = useRef(new Map<string, HTMLDivElement>());

  const selected = root ? findByQuery(root, props.query) : undefined;

  // A query that matches a node deep in the tree (a link, a bookmark) opens the path to it.
  if (root && selected && revealed !== selected.key) {
    setRevealed(selected.key);
    const path = ancestorKeys(root, selected.key) ?? [];
    if (path.some((k) => !expanded.has(k))) setExpanded(new Set([...expanded, ...path]));
  }

  // Data centers and their cluster lists start open: with a handful of data centers,
  // the clusters are what users look for first. Hosts and storage stay folded.
  const [openedDataCenters, setOpenedDataCenters] = useState(false);
  if (root && !openedDataCenters) {
    setOpenedDataCenters(true);
    const open = root.children.flatMap((dc) => [
      dc.key,
      ...dc.children.filter((c) => c.kind === 'clusters').map((c) => c.key),
    ]);
    setExpanded((prev) => new Set([...prev, ...open]));
  }

  const visible = useMemo(() => (root ? visibleNodes(root, expanded) : []), [root, expanded]);

  const setOpen = (key: string, open: boolean) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });
  };

  const focus = (key: string) => {
    setFocusKey(key);
    itemRefs.current.get(key)?.focus();
  };

  // Selecting a folded node also unfolds it: what is inside is usually the next click.
  const activate = (node: TreeNode) => {
    setFocusKey(node.key);
    if (node.children.length > 0) setOpen(node.key, true);
    props.onRun(nodeQuery(node, props.object));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!root) return;
    const current = visible.some((v) => v.node.key === focusKey) ? focusKey : SYSTEM_KEY;
    const action = treeKeyAction(visible, expanded, current, e.key);
    if (action.type === 'none') return;
    e.preventDefault();
    if (action.type === 'focus') focus(action.key);
    else if (action.type === 'expand') setOpen(action.key, true);
    else if (action.type === 'collapse') setOpen(action.key, false);
    else {
      const node = findNode(root, action.key);
      if (node) activate(node);
    }
  };

  const tabStop = visible.some((v) => v.node.key === focusKey) ? focusKey : SYSTEM_KEY;

  return (
    <nav className="panel tree-panel" aria-label="System tree">
      <header className="panel-header">
        <span className="panel-title">System</span>
      </header>
      <div className="panel-body">
        {tree.isError && !root && (
          <p className="panel-message is-error">{errorMessage(tree.error)}</p>
        )}
        {!root && tree.isPending && <p className="panel-message">Loading…</p>}
        {root && (
          <div
            className="tree"
            role="tree"
            aria-label="System"
            data-testid="tree"
            onKeyDown={onKeyDown}
          >
            {visible.map(({ node, level }) => {
              const hasChildren = node.children.length > 0;
              const isOpen = expanded.has(node.key);
              const isSelected = node.key === selected?.key;
              return (
                <div
                  key={node.key}
                  ref={(el) => {
                    if (el) itemRefs.current.set(node.key, el);
                    else itemRefs.current.delete(node.key);
                  }}
                  role="treeitem"
                  aria-level={level}
                  aria-expanded={hasChildren ? isOpen : undefined}
                  aria-selected={isSelected}
                  tabIndex={node.key === tabStop ? 0 : -1}
                  className={`tree-row${isSelected ? ' is-selected' : ''}`}
                  style={{ paddingLeft: 4 + (level - 1) * 14 }}
                  data-testid="tree-node"
                  data-node-kind={node.kind}
                  data-count={node.count}
                  title={node.query ?? undefined}
                  onClick={() => activate(node)}
                  onFocus={() => setFocusKey(node.key)}
                >
                  <span
                    className={`twisty${hasChildren ? '' : ' is-leaf'}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      if (hasChildren) setOpen(node.key, !isOpen);
                    }}
                  >
                    {hasChildren && (
                      <Icon name={isOpen ? 'chevronDown' : 'chevronRight'} size={10} />
                    )}
                  </span>
                  {node.status ? (
                    <StatusIcon status={node.status} size={12} />
                  ) : (
                    <Icon name={KIND_ICON[node.kind]} size={12} className="tree-icon" />
                  )}
                  {node.name}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </nav>
  );
}
