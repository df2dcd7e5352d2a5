import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JOB_STATUSES } from '@corral/shared';
import { ACTION_DEFS } from '../actions/actionModel.js';
import {
  failureReason,
  isFinal,
  jobNotice,
  progressOf,
  settledJobs,
  targetOf,
  trackCommand,
  type JobView,
  type TrackedJob,
} from './jobModel.js';

const job = (id: string, status: string, over: Partial<JobView> = {}): JobView => ({
  id,
  description: `Job ${id}`,
  status,
  progress: 40,
  steps: [],
  ...over,
});

const tracked = (jobId: string, over: Partial<TrackedJob> = {}): TrackedJob => ({
  jobId,
  object: 'vm',
  action: 'run',
  targets: ['web-01'],
  ...over,
});

describe('jobNotice', () => {
  it('says what happened to the VM when its job finished', () => {
    expect(jobNotice(tracked('j'), job('j', 'Finished'))).toEqual({
      jobId: 'j',
      kind: 'success',
      message: 'VM web-01 started',
    });
  });

  it('says what failed and why', () => {
    const t = tracked('j', { action: 'migrate', targets: ['db-01'] });
    const error = 'No host in cluster Default has 8 GB free.';
    expect(jobNotice(t, job('j', 'Failed', { error })).message).toBe(
      `Migration of db-01 failed: ${error}`,
    );
  });

  it('names the failed step when the BFF gives no message', () => {
    const steps = [
      { description: 'Validating', status: 'Finished' },
      { description: 'Starting the domain', status: 'Failed' },
      { description: 'Waiting for Up', status: 'Aborted' },
    ];
    expect(failureReason(job('j', 'Failed', { steps }))).toContain('Starting the domain');
  });

  it('has words for every toolbar action', () => {
    for (const [object, defs] of Object.entries(ACTION_DEFS)) {
      for (const def of defs) {
        const t = tracked('j', { object: object as TrackedJob['object'], action: def.name });
        const done = jobNotice(t, job('j', 'Finished'));
        expect(done.message).toContain(t.targets[0]);
        expect(done.message).not.toContain('Job j');
      }
    }
  });
});

describe('settledJobs', () => {
  it('reports each tracked job that has ended, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ status: fc.constantFrom(...JOB_STATUSES), mine: fc.boolean() }), {
          maxLength: 20,
        }),
        (specs) => {
          const jobs = specs.map((s, i) => job(`j${i}`, s.status));
          const mine = new Map(
            specs.flatMap((s, i) => (s.mine ? [[`j${i}`, tracked(`j${i}`)] as const] : [])),
          );
          const notices = settledJobs(mine, jobs);
          const expected = specs
            .map((s, i) => ({ ...s, id: `j${i}` }))
            .filter((s) => s.mine && s.status !== 'Started')
            .map((s) => s.id);
          expect(notices.map((n) => n.jobId)).toEqual(expected);
          for (const n of notices) {
            const status = jobs.find((j) => j.id === n.jobId)!.status;
            expect(n.kind).toBe(status === 'Finished' ? 'success' : 'error');
          }
        },
      ),
    );
  });
});

describe('targetOf', () => {
  it('finds the row a job of a bulk command is about by the name its description gives', () => {
    const names = ['web-1', 'web-10', 'db-01'];
    const [t] = trackCommand('vm', 'run', names, ['j1']);
    for (const name of names) {
      const description = `Running VM ${name} on Host h1`;
      expect(targetOf(t!, { description })).toBe(name);
    }
  });

  it('falls back to all rows when the description names none of them', () => {
    const [t] = trackCommand('vm', 'run', ['a', 'b'], ['j1']);
    expect(targetOf(t!, { description: 'Something else' })).toBe('a, b');
    const [single] = trackCommand('vm', 'run', ['a'], ['j1']);
    expect(targetOf(single!, { description: 'Something else' })).toBe('a');
  });
});

describe('progressOf', () => {
  it('is full once finished and clamped otherwise', () => {
    expect(progressOf({ status: 'Finished', progress: 60 })).toBe(100);
    expect(progressOf({ status: 'Started', progress: 140 })).toBe(100);
    expect(progressOf({ status: 'Started', progress: -3 })).toBe(0);
    expect(isFinal('Started')).toBe(false);
  });
});
