// Which BFF router serves which search object, for the details pane. Bookmarks have
// no entity router: their row in the grid (or the bookmark list) is all there is.
import type { SearchObjectKey } from '@corral/shared';
import type { ApiClient } from './trpc.js';

export const ENTITY_ROUTERS = {
  datacenter: 'dataCenter',
  cluster: 'cluster',
  host: 'host',
  storage: 'storage',
  disk: 'disk',
  vm: 'vm',
  pool: 'pool',
  template: 'template',
  volume: 'volume',
  network: 'network',
  user: 'user',
  event: 'event',
  job: 'job',
} as const satisfies Partial<Record<SearchObjectKey, string>>;

export type EntityObject = keyof typeof ENTITY_ROUTERS;

export function isEntityObject(object: SearchObjectKey): object is EntityObject {
  return object in ENTITY_ROUTERS;
}

export type DetailRow = Record<string, unknown>;

export async function fetchEntity(
  client: ApiClient,
  object: EntityObject,
  id: string,
): Promise<DetailRow> {
  const row: DetailRow = await client[ENTITY_ROUTERS[object]].get.query({ id });
  return row;
}

/** The record behind the General tab: the entity's `get`, or for a bookmark its list entry. */
export async function fetchDetail(
  client: ApiClient,
  object: SearchObjectKey,
  id: string,
): Promise<DetailRow> {
  if (isEntityObject(object)) return fetchEntity(client, object, id);
  const bookmark = (await client.bookmark.list.query()).find((b) => b.id === id);
  if (!bookmark) throw new Error(`Bookmark ${id} does not exist.`);
  return bookmark;
}

export async function fetchEntityTab(
  client: ApiClient,
  object: EntityObject,
  id: string,
  tab: string,
): Promise<readonly DetailRow[]> {
  const result: { rows: readonly DetailRow[] } = await client[ENTITY_ROUTERS[object]].tab.query({
    id,
    tab,
  });
  return result.rows;
}
