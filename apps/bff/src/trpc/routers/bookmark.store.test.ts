import { hostlessEngine } from '../../app.js';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../../store/testing/index.js';
import { createCaller } from '../router.js';
import { superUser } from '../../identity/principal.js';

/** What the errorFormatter puts in `error.data`, as the UI receives it. */
async function refusal(p: Promise<unknown>) {
  const err = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

describe.each(STORE_BACKENDS)('bookmarks on %s', (backend) => {
  let db: Db;
  let api: ReturnType<typeof createCaller>;
  const count = async () =>
    (await db.query<{ n: number }>('SELECT count(*) AS n FROM bookmark'))[0]!.n;

  beforeAll(async () => {
    db = await openTestStore(backend);
    api = createCaller({ db, user: superUser(), engine: hostlessEngine() });
  });
  afterAll(() => db.close());

  it('creates, renames, changes the query and deletes', async () => {
    const created = await api.bookmark.create({ name: 'Running VMs', query: 'Vms: status = up' });
    expect((await api.bookmark.list()).map((b) => b.name)).toContain('Running VMs');

    const renamed = await api.bookmark.update({ id: created.id, name: 'Up VMs' });
    expect(renamed).toMatchObject({ id: created.id, name: 'Up VMs', query: 'Vms: status = up' });
    const requeried = await api.bookmark.update({ id: created.id, query: 'Vms: status = down' });
    expect(requeried.query).toBe('Vms: status = down');

    await api.bookmark.remove({ id: created.id });
    expect((await api.bookmark.list()).find((b) => b.id === created.id)).toBeUndefined();
  });

  it('refuses a duplicate name on the name field and changes nothing', async () => {
    await api.bookmark.create({ name: 'Hosts over 80% CPU', query: 'Hosts: cpu_usage > 80' });
    const before = await count();
    const err = await refusal(api.bookmark.create({ name: 'Hosts over 80% CPU', query: 'Hosts:' }));
    expect(err.code).toBe('CONFLICT');
    expect(err.cause).toMatchObject({ field: 'name' });
    expect(await count()).toBe(before);
  });

  it('refuses a query that does not parse, naming the query field', async () => {
    const before = await count();
    const err = await refusal(
      api.bookmark.create({ name: 'Broken', query: 'Vms: nosuchfield = 1' }),
    );
    expect(err.code).toBe('PRECONDITION_FAILED');
    expect(err.cause).toMatchObject({ field: 'query' });
    expect(await count()).toBe(before);
  });

  it('refuses an empty name through the input schema', async () => {
    const err = await refusal(api.bookmark.create({ name: '   ', query: 'Vms:' }));
    expect(err.code).toBe('BAD_REQUEST');
  });

  it('says NOT_FOUND for a bookmark that is not there', async () => {
    const err = await refusal(api.bookmark.remove({ id: '00000000-0000-4000-8000-000000000000' }));
    expect(err.code).toBe('NOT_FOUND');
  });
});
