// Recent jobs beside the events, as oVirt's Tasks pane: description, status, progress
// and times; a row opens to its steps. Follows the feed through useRecentJobs.
import { useState } from 'react';
import { errorMessage } from '../api/errors.js';
import { formatDateTime } from '../grid/format.js';
import { Icon, StatusIcon } from '../layout/icons.js';
import { isFinal, progressOf } from './jobModel.js';
import { useRecentJobs } from './JobTracker.js';
import type { JobRowView } from './jobView.js';

export function JobsPanel(props: { collapsed: boolean }) {
  const jobs = useRecentJobs();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const list = jobs.data ?? [];
  const running = list.filter((j) => !isFinal(j.status)).length;

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section className="jobs-panel" data-testid="jobs-panel" aria-label="Jobs">
      <header className="events-header">
        <span className="events-title jobs-title">Jobs</span>
        <span className="jobs-running" data-testid="jobs-running">
          {running > 0 ? `${running} running` : 'none running'}
        </span>
        <span className="toolbar-spacer" />
        {jobs.isError && (
          <span className="grid-error" role="alert">
            {errorMessage(jobs.error)}
          </span>
        )}
      </header>
      {!props.collapsed && (
        <div className="jobs-body">
          {list.length === 0 ? (
            <p className="panel-message">{jobs.isPending ? 'Loading…' : 'No jobs yet.'}</p>
          ) : (
            <table className="compact-table jobs-table">
              <tbody>
                {list.flatMap((job) => {
                  const expanded = open.has(job.id);
                  return [
                    <JobRow
                      key={job.id}
                      job={job}
                      expanded={expanded}
                      onToggle={() => toggle(job.id)}
                    />,
                    ...(expanded
                      ? job.steps.map((s, i) => (
                          <tr
                            key={`${job.id}:${i}`}
                            className="job-step"
                            data-testid="job-step"
                            data-status={s.status}
                          >
                            <td />
                            <td className="job-description" title={s.description}>
                              {s.description}
                            </td>
                            <td>
                              <StatusIcon status={s.status} size={11} /> {s.status}
                            </td>
                            <td>
                              <ProgressBar status={s.status} percent={progressOf(s)} />
                            </td>
                            <td className="job-time">
                              {s.startTime ? formatDateTime(s.startTime).slice(11) : ''}
                            </td>
                          </tr>
                        ))
                      : []),
                  ];
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

function JobRow(props: { job: JobRowView; expanded: boolean; onToggle: () => void }) {
  const { job } = props;
  const failure = job.status === 'Failed' ? job.error : null;
  return (
    <tr
      className="job-row"
      data-testid="job-row"
      data-status={job.status}
      data-job-id={job.id}
      aria-expanded={props.expanded}
      title={failure ?? job.description}
      onClick={props.onToggle}
    >
      <td className="job-twisty">
        {job.steps.length > 0 && (
          <Icon name={props.expanded ? 'chevronDown' : 'chevronRight'} size={10} />
        )}
      </td>
      <td className="job-description">{job.description}</td>
      <td>
        <StatusIcon status={job.status} size={11} /> {job.status}
      </td>
      <td>
        <ProgressBar status={job.status} percent={progressOf(job)} testId="job-progress" />
      </td>
      <td className="job-time">{job.startTime ? formatDateTime(job.startTime).slice(11) : ''}</td>
    </tr>
  );
}

function ProgressBar(props: { status: string; percent: number; testId?: string }) {
  return (
    <span
      className="job-bar"
      role="progressbar"
      aria-valuenow={props.percent}
      aria-valuemin={0}
      aria-valuemax={100}
      data-status={props.status}
      data-testid={props.testId}
    >
      <span className="job-bar-fill" style={{ width: `${props.percent}%` }} />
      <span className="job-bar-text">{props.percent}%</span>
    </span>
  );
}
