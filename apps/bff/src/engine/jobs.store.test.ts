import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRegistry } from '../hosts/registry.js';
import { localFeed, type Change } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import type { EngineDeps } from './deps.js';
import { runJob, STEP_PENDING } from './jobs.js';

describe.each(STORE_BACKENDS)('jobs on %s', (backend) => {
  let db: Db;
  let deps: EngineDeps;
  let changes: Change[];
  beforeEach(async () => {
    db = await openTestStore(backend);
    const feed = localFeed();
    changes = [];
    feed.subscribe((c) => changes.push(...c));
    deps = { db, feed, hosts: new HostRegistry({}), imagesDir: '/nonexistent' };
  });
  afterEach(() => db.close());

  const steps = ['Preparing', 'Doing', 'Tidying'];
  const stepsOf = (id: string) =>
    db.query<{
      description: string;
      status: string;
      progress: number;
      start_time: Date | null;
      end_time: Date | null;
    }>(
      `SELECT description, status, progress, start_time, end_time FROM job_step WHERE job_id = $1 ORDER BY position`,
      [id],
    );
  const jobRow = async (id: string) =>
    (
      await db.query<{
        status: string;
        progress: number;
        end_time: Date | null;
        user_name: string;
      }>(`SELECT status, progress, end_time, user_name FROM job WHERE id = $1`, [id])
    )[0]!;

  it('answers with the job id while the work goes on, then ends Finished', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = await runJob(
      deps,
      { description: 'Test job', userName: 'alice', steps },
      async (j) => {
        await j.step('Preparing', async () => undefined);
        await j.step('Doing', () => gate);
        await j.step('Tidying', async () => undefined);
        return 42;
      },
    );
    // The first step is done, the second waits: the job is Started and has progressed.
    await expect
      .poll(async () => (await stepsOf(job.id)).map((s) => s.status))
      .toEqual(['Finished', 'Started', STEP_PENDING]);
    const midway = await jobRow(job.id);
    expect(midway).toMatchObject({ status: 'Started', end_time: null, user_name: 'alice' });
    expect(midway.progress).toBe(Math.round(100 / steps.length));
    const pending = (await stepsOf(job.id))[2]!;
    expect(pending.start_time).toBeNull();

    release();
    expect(await job.done).toEqual({ status: 'Finished', value: 42 });
    const done = await jobRow(job.id);
    expect(done.status).toBe('Finished');
    expect(done.progress).toBe(100);
    expect(done.end_time).not.toBeNull();
    for (const s of await stepsOf(job.id)) {
      expect(s).toMatchObject({ status: 'Finished', progress: 100 });
      expect(s.end_time).not.toBeNull();
    }
    // Every change was told to the feed.
    const told = changes.filter((c) => c.object === 'job' && c.ids.includes(job.id)).length;
    expect(told).toBeGreaterThanOrEqual(2 * steps.length + 1);
  });

  it('ends Failed at the failing step, aborts the rest and records the error', async () => {
    const job = await runJob(
      deps,
      { description: 'Doomed job', userName: 'bob', steps, correlationId: 'corr-1' },
      async (j) => {
        await j.step('Preparing', async () => undefined);
        await j.step('Doing', async () => {
          throw new Error('the host said no');
        });
      },
    );
    expect(await job.done).toEqual({ status: 'Failed', error: 'the host said no', step: 'Doing' });
    expect((await jobRow(job.id)).status).toBe('Failed');
    expect((await stepsOf(job.id)).map((s) => s.status)).toEqual(['Finished', 'Failed', 'Aborted']);
    const events = await db.query<{
      severity: string;
      message: string;
      correlation_id: string;
      user_name: string;
    }>(`SELECT severity, message, correlation_id, user_name FROM audit_event WHERE job_id = $1`, [
      job.id,
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      severity: 'Error',
      correlation_id: 'corr-1',
      user_name: 'bob',
    });
    expect(events[0]!.message).toContain('the host said no');
    expect(events[0]!.message).toContain('Doing');
  });

  it('sets progress when the work says so and refuses unknown steps', async () => {
    const job = await runJob(
      deps,
      { description: 'Progress', userName: 'c', steps: ['Only'] },
      async (j) => {
        await j.progress(37);
        expect((await jobRow(j.id)).progress).toBe(37);
        await j.step('Missing', async () => undefined);
      },
    );
    const outcome = await job.done;
    expect(outcome.status).toBe('Failed');
    expect((outcome as { error: string }).error).toContain('has no step "Missing"');
  });
});
