// Jobs in the portal: the commands the user started, followed until they end, and what
// the toast says then ("VM web-01 started", "Migration of db-01 failed: …"). Kept free
// of React so the wording and the settling rules are tested on their own.
import type { ActionName, ActionObject } from '../actions/actionModel.js';

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
  /** The VMs or hosts the command acted on, by name; the job is about one of them. */
  readonly targets: readonly string[];
  /** What the action creates, when it names something new (a clone, a template). */
  readonly result?: string;
}

/** The tracked job with the one row it turned out to be about. */
interface Subject {
  readonly target: string;
  readonly result?: string;
}

interface Wording {
  /** The toast when it finished. */
  readonly done: (t: Subject) => string;
  /** The noun for "… of web-01 failed". */
  readonly noun: string;
}

const vm = (t: Subject, what: string) => `VM ${t.target} ${what}`;
const host = (t: Subject, what: string) => `Host ${t.target} ${what}`;

const WORDING: Record<ActionObject, Partial<Record<ActionName, Wording>>> = {
  vm: {
    new: { done: (t) => vm(t, 'created'), noun: 'Creation' },
    edit: { done: (t) => vm(t, 'updated'), noun: 'Update' },
    remove: { done: (t) => vm(t, 'removed'), noun: 'Removal' },
    run: { done: (t) => vm(t, 'started'), noun: 'Start' },
    runOnce: { done: (t) => vm(t, 'started'), noun: 'Start' },
    shutdown: { done: (t) => vm(t, 'shut down'), noun: 'Shutdown' },
    powerOff: { done: (t) => vm(t, 'powered off'), noun: 'Power off' },
    reboot: { done: (t) => vm(t, 'rebooted'), noun: 'Reboot' },
    suspend: { done: (t) => vm(t, 'suspended'), noun: 'Suspend' },
    migrate: { done: (t) => vm(t, 'migrated'), noun: 'Migration' },
    snapshot: { done: (t) => `Snapshot of ${t.target} created`, noun: 'Snapshot' },
    makeTemplate: {
      done: (t) => `Template ${t.result ? `${t.result} ` : ''}created from ${t.target}`,
      noun: 'Template creation',
    },
    clone: {
      done: (t) => `VM ${t.target} cloned${t.result ? ` as ${t.result}` : ''}`,
      noun: 'Clone',
    },
    // Opening a console starts no job; worded all the same should one ever be tracked.
    console: { done: (t) => `Console of VM ${t.target} opened`, noun: 'Console' },
  },
  host: {
    'add-host': { done: (t) => host(t, 'added'), noun: 'Adding' },
    remove: { done: (t) => host(t, 'removed'), noun: 'Removal' },
    maintenance: { done: (t) => host(t, 'is in Maintenance'), noun: 'Maintenance' },
    activate: { done: (t) => host(t, 'activated'), noun: 'Activation' },
    fence: { done: (t) => host(t, 'fenced'), noun: 'Fencing' },
  },
};

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
  const w = WORDING[t.object][t.action];
  const subject: Subject = { target: targetOf(t, job), ...(t.result ? { result: t.result } : {}) };
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
