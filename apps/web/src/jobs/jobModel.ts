// Jobs in the portal: the commands the user started, followed until they end, and what
// the toast says then ("VM web-01 started", "Migration of db-01 failed: …"). Kept free
// of React so the wording and the settling rules are tested on their own.
import {
  ACTION_SPECS,
  type ActionName,
  type ActionObject,
  type ActionSubject,
} from '../actions/actionModel.js';

export interface JobStepView {
  readonly description: string;
  readonly status: string;
}

/** The parts of a `job.recent` entry the portal reads. */
export interface JobView {
  readonly id: string;
  readonly description: string;
  readonly status: string;
  readonly progress: number;
  readonly steps: readonly JobStepView[];
  /** Why it failed, when the BFF says. */
  readonly error?: string | null;
}

export const FINAL_JOB_STATUSES = ['Finished', 'Failed', 'Aborted'] as const;

export function isFinal(status: string): boolean {
  return (FINAL_JOB_STATUSES as readonly string[]).includes(status);
}

/** A job this browser started, remembered with what it was about until it ends. */
export interface TrackedJob {
  readonly jobId: string;
  readonly object: ActionObject;
  readonly action: ActionName;
  /** The rows the command acted on, by name; the job is about one of them. */
  readonly targets: readonly string[];
  /** What the action creates, when it names something new (a clone, a template). */
  readonly result?: string;
}

/** Why a job failed: the BFF's message, else the step it failed at. */
export function failureReason(job: JobView): string {
  if (job.error) return job.error;
  const step = job.steps.find((s) => s.status === 'Failed');
  return step ? `at "${step.description}"` : job.status.toLowerCase();
}

export interface JobNotice {
  readonly jobId: string;
  readonly kind: 'success' | 'error';
  readonly message: string;
}

const NAME_CHAR = /[A-Za-z0-9_-]/;

/** Whether `name` stands in `text` as a whole word, not inside a longer name. */
function mentions(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = text[i - 1];
    const after = text[i + name.length];
    if ((!before || !NAME_CHAR.test(before)) && (!after || !NAME_CHAR.test(after))) return true;
  }
  return false;
}

/**
 * Which of the command's rows a job is about. A bulk command starts one job per row,
 * not necessarily in the order the rows were sent (the engine starts Down VMs before it
 * resumes suspended ones), so the job's description, which names its object, decides.
 */
export function targetOf(t: TrackedJob, job: Pick<JobView, 'description'>): string {
  if (t.targets.length === 1) return t.targets[0]!;
  const named = t.targets
    .filter((name) => mentions(job.description, name))
    .sort((a, b) => b.length - a.length)[0];
  return named ?? t.targets.join(', ');
}

export function jobNotice(t: TrackedJob, job: JobView): JobNotice {
  const w = ACTION_SPECS[t.object].wording[t.action];
  const subject: ActionSubject = {
    target: targetOf(t, job),
    ...(t.result ? { result: t.result } : {}),
  };
  if (job.status === 'Finished') {
    return {
      jobId: job.id,
      kind: 'success',
      message: w ? w.done(subject) : `${job.description}: done`,
    };
  }
  const reason = failureReason(job);
  return {
    jobId: job.id,
    kind: 'error',
    message: w
      ? `${w.noun} of ${subject.target} failed: ${reason}`
      : `${job.description} failed: ${reason}`,
  };
}

/**
 * The tracked jobs that have ended in this list of jobs, each with its notice. The
 * caller forgets them after notifying, so each ends in exactly one toast.
 */
export function settledJobs(
  tracked: ReadonlyMap<string, TrackedJob>,
  jobs: readonly JobView[],
): JobNotice[] {
  const notices: JobNotice[] = [];
  for (const job of jobs) {
    const t = tracked.get(job.id);
    if (t && isFinal(job.status)) notices.push(jobNotice(t, job));
  }
  return notices;
}

/** A job's bar: 100 % once it ended whatever its last reported progress. */
export function progressOf(job: Pick<JobView, 'status' | 'progress'>): number {
  if (job.status === 'Finished') return 100;
  return Math.max(0, Math.min(100, Math.round(job.progress)));
}

/** The jobs a command answered with, each remembered with the rows the command acted on. */
export function trackCommand(
  object: ActionObject,
  action: ActionName,
  targets: readonly string[],
  jobIds: readonly string[],
  result?: string,
): TrackedJob[] {
  return jobIds.map((jobId) => ({ jobId, object, action, targets, ...(result ? { result } : {}) }));
}
