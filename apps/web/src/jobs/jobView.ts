// A `job.recent` entry as the jobs panel and the tracker read it. Times arrive as JSON
// text; they stay text here and are formatted where shown.
import type { RouterOutputs } from '../api/trpc.js';
import type { JobView } from './jobModel.js';

type RecentJob = RouterOutputs['job']['recent'][number];

export interface JobStepRowView {
  readonly description: string;
  readonly status: string;
  readonly progress: number;
  readonly startTime: string | null;
}

export interface JobRowView extends JobView {
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly userName: string;
  readonly steps: readonly JobStepRowView[];
}

const timeText = (t: string | Date | null): string | null =>
  t === null ? null : typeof t === 'string' ? t : t.toISOString();

export function jobViewOf(job: RecentJob): JobRowView {
  return {
    id: job.id,
    description: job.description,
    status: job.status,
    progress: job.progress,
    error: job.error,
    userName: job.userName,
    startTime: timeText(job.startTime),
    endTime: timeText(job.endTime),
    steps: job.steps.map((s) => ({
      description: s.description,
      status: s.status,
      progress: s.progress,
      startTime: timeText(s.startTime),
    })),
  };
}
