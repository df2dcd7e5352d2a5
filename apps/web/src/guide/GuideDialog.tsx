// Guide Me (oVirt's): what a data center or cluster has configured and what it still
// misses, step by step in the set-up order (data center → cluster → host → storage →
// ISO library). Each step's buttons open that step's dialog above the guide, with the
// data center or cluster chosen; a step not yet possible is disabled with the reason.
// The guide follows the change feed, so a host coming Up enables the storage step.
import { useCallback, useEffect, useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Guide } from '@corral/shared';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { useActionSteps } from '../actions/useActionSteps.js';
import { Dialog } from '../layout/Dialog.js';
import { FormErrorList } from '../layout/formParts.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { quoted } from '../storage/storageQueries.js';
import {
  STEP_STATE_LABEL,
  guideSummary,
  guideTitle,
  stepButtons,
  stepState,
  type GuideObject,
  type GuidePlace,
  type StepState,
} from './guideModel.js';
import '../styles/setup.css';

/** What a guide's answer may change with: its object and everything its steps count. */
const GUIDED = ['datacenter', 'cluster', 'host', 'storage', 'volume'] as const;

export function GuideDialog(props: {
  object: GuideObject;
  id: string;
  name: string;
  onClose: () => void;
}) {
  const { object, id, onClose } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const procedure = object === 'dataCenter' ? trpc.guide.dataCenter : trpc.guide.cluster;
  const guide = useQuery({ ...procedure.queryOptions({ id }), refetchOnMount: 'always' });
  const place = useGuidePlace(object, id, guide.data);

  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: procedure.queryKey() }),
    [procedure, queryClient],
  );
  useLiveChanges(({ changes, resync }) => {
    if (resync || GUIDED.some((o) => touches(changes, o))) refresh();
  });
  const steps = useActionSteps(refresh);

  const g = guide.data;
  const name = g?.name ?? props.name;
  return (
    <>
      <Dialog
        title={guideTitle(object, name)}
        testId="guide-dialog"
        width={620}
        onClose={onClose}
        onSubmit={onClose}
        footer={
          <button type="submit" className="button" data-testid="guide-close">
            {g?.complete ? 'Close' : 'Configure Later'}
          </button>
        }
      >
        {guide.error && <FormErrorList errors={[errorMessage(guide.error)]} />}
        {!g && !guide.error && <p className="guide-loading">Reading what {name} has…</p>}
        {g && (
          <>
            <p
              className="guide-summary"
              data-testid="guide-summary"
              data-complete={g.complete || undefined}
            >
              {guideSummary(g)}
            </p>
            <ol className="guide-steps">
              {g.steps.map((step) => {
                const state = stepState(step);
                const buttons = stepButtons(step, place, (t) =>
                  steps.offers(t.object, t.action, [], t.preset),
                );
                return (
                  <li
                    key={step.key}
                    className={`guide-step is-${state}${g.next === step.key ? ' is-next' : ''}`}
                    data-testid={`guide-step-${step.key}`}
                    data-state={state}
                  >
                    <StepMark state={state} />
                    <div className="guide-step-body">
                      <div className="guide-step-head">
                        <strong>{step.label}</strong>
                        <span className="guide-step-state">{STEP_STATE_LABEL[state]}</span>
                      </div>
                      <p className="guide-step-summary" data-testid={`guide-summary-${step.key}`}>
                        {step.summary}
                      </p>
                      {step.reason && (
                        <p className="guide-step-reason" data-testid={`guide-reason-${step.key}`}>
                          {step.reason}
                        </p>
                      )}
                      <div className="guide-step-actions">
                        {buttons.map((b) => (
                          // The title sits on a wrapper too: browsers show no tooltip for a disabled button.
                          <span key={b.action.key} title={b.reason}>
                            <button
                              type="button"
                              className={`button button-small${g.next === step.key && b.enabled ? ' button-primary' : ''}`}
                              data-testid={`guide-action-${b.action.key}`}
                              disabled={!b.enabled || steps.busy !== null}
                              title={b.reason}
                              onClick={() =>
                                steps.start(b.target.object, b.target.action, [], b.target.preset)
                              }
                            >
                              {b.action.label}…
                            </button>
                          </span>
                        ))}
                      </div>
                      {buttons
                        .filter((b) => !b.enabled && b.reason && b.reason !== step.reason)
                        .map((b) => (
                          <p
                            key={b.action.key}
                            className="guide-action-reason"
                            data-testid={`guide-action-reason-${b.action.key}`}
                          >
                            {b.action.label}: {b.reason}
                          </p>
                        ))}
                    </div>
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </Dialog>
      {steps.dialog}
    </>
  );
}

/**
 * The data center and cluster the steps' dialogs start with. A data center's guide
 * knows its id; a new host goes in its first cluster. A cluster's guide knows the
 * cluster, and the guide answer carries its data center's id.
 */
function useGuidePlace(object: GuideObject, id: string, guide: Guide | undefined): GuidePlace {
  const trpc = useTRPC();
  const name = guide?.name ?? '';
  const firstCluster = useQuery({
    ...trpc.cluster.list.queryOptions({
      where: `datacenter = ${quoted(name)} sortby name`,
      limit: 1,
    }),
    enabled: object === 'dataCenter' && Boolean(name),
  });
  const clusterCount = guide?.steps.find((s) => s.key === 'cluster')?.count;
  // A cluster created from the guide is its first: read the list again when the count moves.
  const { refetch } = firstCluster;
  useEffect(() => {
    if (object === 'dataCenter' && name && clusterCount !== undefined) void refetch();
  }, [object, name, clusterCount, refetch]);
  const firstId = firstCluster.data?.rows[0]?.id;
  return useMemo(() => {
    if (object === 'dataCenter') {
      return { dataCenterId: id, clusterId: typeof firstId === 'string' ? firstId : undefined };
    }
    return { clusterId: id, dataCenterId: guide?.dataCenterId };
  }, [object, id, firstId, guide?.dataCenterId]);
}

/** A tick for a configured step, an open ring for a missing one, a bar for one not yet possible. */
function StepMark({ state }: { state: StepState }) {
  return (
    <svg className="guide-step-mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      {state === 'done' ? (
        <>
          <circle cx="8" cy="8" r="7.5" fill="currentColor" />
          <path d="m4.5 8.3 2.4 2.4 4.6-4.9" fill="none" stroke="#fff" strokeWidth="1.9" />
        </>
      ) : state === 'todo' ? (
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="2" />
      ) : (
        <>
          <circle cx="8" cy="8" r="7.5" fill="currentColor" />
          <path d="M4.5 8h7" stroke="#fff" strokeWidth="2" />
        </>
      )}
    </svg>
  );
}
