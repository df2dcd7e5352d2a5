// Follows the jobs this browser started and says how each ended in a toast. The recent
// jobs list is re-read when the feed reports a job change; nothing is polled.
import { createContext, useCallback, useContext, useEffect, useRef, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc.js';
import { useToast } from '../layout/Toasts.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { jobViewOf } from './jobView.js';
import { settledJobs, type TrackedJob } from './jobModel.js';

/** How many recent jobs the portal reads; the panel lists them all. */
export const RECENT_JOBS = 50;

type Track = (jobs: readonly TrackedJob[]) => void;

const JobTrackerContext = createContext<Track | null>(null);

export function useRecentJobs() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.job.recent.queryOptions({ limit: RECENT_JOBS }),
    select: (jobs) => jobs.map(jobViewOf),
    // Kept fresh by the feed, not by age.
    staleTime: Infinity,
  });
}

export function JobTrackerProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notify = useToast();
  const tracked = useRef(new Map<string, TrackedJob>());
  const jobs = useRecentJobs();

  const refetchJobs = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.job.recent.queryKey() }),
    [queryClient, trpc],
  );

  useLiveChanges(({ changes, resync }) => {
    if (resync || touches(changes, 'job')) void refetchJobs();
  });

  useEffect(() => {
    if (!jobs.data) return;
    for (const notice of settledJobs(tracked.current, jobs.data)) {
      tracked.current.delete(notice.jobId);
      notify(notice.kind, notice.message);
    }
  }, [jobs.data, notify]);

  const track = useCallback<Track>(
    (list) => {
      for (const t of list) tracked.current.set(t.jobId, t);
      // A fast job may have ended before it was tracked: read the list again now.
      void refetchJobs();
    },
    [refetchJobs],
  );

  return <JobTrackerContext.Provider value={track}>{children}</JobTrackerContext.Provider>;
}

export function useTrackJobs(): Track {
  const track = useContext(JobTrackerContext);
  if (!track) throw new Error('useTrackJobs needs a JobTrackerProvider above it');
  return track;
}
