// Jobs (DOMAIN.md: Job → Steps). A command validates, then answers at once with a job
// id; the work goes on in the background and the UI follows the job through the
// change feed. Steps are written up front ('Pending') so the UI shows what comes.
import type { JobStatus } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import { recordEvent, type AuditEventInput } from './audit.js';
import { touched } from './changes.js';
import type { EngineDeps } from './deps.js';

/** A step that has not begun yet; it becomes Started, then Finished, Failed or Aborted. */
export const STEP_PENDING = 'Pending';

export interface JobSpec {
  readonly description: string;
  readonly userName: string;
  readonly correlationId?: string | undefined;
  /** The steps, in order; `job.step(description, …)` runs one of them. */
  readonly steps: readonly string[];
  /** Objects the job's failure event names (VM, host, …). */
  readonly refs?: Omit<AuditEventInput, 'code' | 'message' | 'severity'>;
}

export type JobResult<T> =
  | { readonly status: 'Finished'; readonly value: T }
  | { readonly status: 'Failed'; readonly error: string; readonly step: string | null };

export interface Job {
  readonly id: string;
  readonly correlationId: string;
  readonly userName: string;
  /** Runs one of the job's steps: Started, then Finished, or Failed when `work` throws. */
  step<T>(description: string, work: () => Promise<T>): Promise<T>;
  /** The job's progress, 0–100; finishing a step also moves it. */
  progress(percent: number): Promise<void>;
  /** An audit event of this job: its user, correlation id and job id filled in. */
  event(e: Omit<AuditEventInput, 'userName' | 'correlationId' | 'jobId'>): Promise<string>;
}

export interface StartedJob<T> {
  readonly id: string;
  /** Settles when the work ends; never rejects (a failure is `{ status: 'Failed' }`). */
  readonly done: Promise<JobResult<T>>;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}

/**
 * Inserts the job and its steps, starts `work` in the background and returns the job's
 * id at once. The job ends Finished, or Failed with the step that failed and an Error
 * event carrying the message; steps that never ran end Aborted.
 */
export async function runJob<T>(
  deps: EngineDeps,
  spec: JobSpec,
  work: (job: Job) => Promise<T>,
): Promise<StartedJob<T>> {
  const { db } = deps;
  const correlationId = spec.correlationId ?? randomUUID();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO job (description, status, user_name, correlation_id, progress)
       VALUES ($1, 'Started', $2, $3, 0) RETURNING id`,
      [spec.description, spec.userName, correlationId],
    );
    const jobId = row!.id;
    if (spec.steps.length > 0) {
      await tx.query(
        `INSERT INTO job_step (job_id, position, description, status, start_time)
         SELECT $1, p, d, '${STEP_PENDING}', NULL
           FROM unnest($2::text[]) WITH ORDINALITY AS s(d, p)`,
        [jobId, spec.steps],
      );
    }
    return jobId;
  });
  touched(deps, 'job', [id]);

  const finished = new Set<string>();
  let current: string | null = null;
  const changed = () => touched(deps, 'job', [id]);

  const setStep = async (description: string, status: JobStatus, progress: number) => {
    const ending = status === 'Started' ? 'NULL' : 'now()';
    await db.query(
      `UPDATE job_step SET status = $3, progress = $4,
              start_time = COALESCE(start_time, now()), end_time = ${ending}
        WHERE job_id = $1 AND description = $2`,
      [id, description, status, progress],
    );
  };

  const job: Job = {
    id,
    correlationId,
    userName: spec.userName,
    async step(description, stepWork) {
      if (!spec.steps.includes(description))
        throw new Error(`job "${spec.description}" has no step "${description}"`);
      current = description;
      await setStep(description, 'Started', 0);
      changed();
      const value = await stepWork();
      await setStep(description, 'Finished', 100);
      finished.add(description);
      current = null;
      await db.query(`UPDATE job SET progress = GREATEST(progress, $2) WHERE id = $1`, [
        id,
        clamp((100 * finished.size) / spec.steps.length),
      ]);
      changed();
      return value;
    },
    async progress(percent) {
      await db.query(`UPDATE job SET progress = $2 WHERE id = $1`, [id, clamp(percent)]);
      changed();
    },
    event: (e) =>
      recordEvent(db, deps.feed, {
        ...e,
        userName: spec.userName,
        correlationId,
        jobId: id,
      }),
  };

  const done = (async (): Promise<JobResult<T>> => {
    try {
      const value = await work(job);
      await db.query(
        `UPDATE job SET status = 'Finished', progress = 100, end_time = now() WHERE id = $1`,
        [id],
      );
      // Steps the work had no need for (a path not taken) did not run.
      await db.query(
        `UPDATE job_step SET status = 'Aborted' WHERE job_id = $1 AND status = '${STEP_PENDING}'`,
        [id],
      );
      changed();
      return { status: 'Finished', value };
    } catch (err) {
      const message = errorMessage(err);
      const step = current;
      try {
        if (step) await setStep(step, 'Failed', 0);
        await db.query(
          `UPDATE job_step SET status = 'Aborted' WHERE job_id = $1 AND status = '${STEP_PENDING}'`,
          [id],
        );
        await db.query(`UPDATE job SET status = 'Failed', end_time = now() WHERE id = $1`, [id]);
        await job.event({
          ...spec.refs,
          severity: 'Error',
          code: 'JOB_FAILED',
          message: step
            ? `${spec.description} failed at "${step}": ${message}`
            : `${spec.description} failed: ${message}`,
        });
        changed();
      } catch (bookkeeping) {
        // The store went away under the job (shutdown): nothing left to record it in.
        console.error(`job ${id}: could not record its failure:`, bookkeeping);
      }
      return { status: 'Failed', error: message, step };
    }
  })();
  return { id, done };
}
