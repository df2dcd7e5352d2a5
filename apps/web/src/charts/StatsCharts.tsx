// CPU, memory and network of a host or VM over the last minutes, above its General
// fields. Re-read when the feed says the object changed (monitoring writes its usage
// every cycle), so the charts move with the grid's usage bars.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../api/errors.js';
import { useTRPC } from '../api/trpc.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import { LineChart } from './LineChart.js';
import { timeOf, type UsagePoint } from './chartModel.js';

/** The window the charts show. */
export const STATS_MINUTES = 30;

const SERIES = [
  { key: 'cpu', title: 'CPU', testId: 'chart-cpu' },
  { key: 'mem', title: 'Memory', testId: 'chart-mem' },
  { key: 'net', title: 'Network', testId: 'chart-net' },
] as const;

export function StatsCharts(props: { object: 'host' | 'vm'; id: string }) {
  const { object, id } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const input = { object, id, minutes: STATS_MINUTES };
  const history = useQuery({ ...trpc.stats.history.queryOptions(input), staleTime: Infinity });

  useLiveChanges(({ changes, resync }) => {
    if (resync || touches(changes, object, id)) {
      void queryClient.invalidateQueries({ queryKey: trpc.stats.history.queryKey(input) });
    }
  });

  if (history.isError) {
    return <p className="panel-message is-error">{errorMessage(history.error)}</p>;
  }
  // The window ends when the samples were read; before that there is no window to draw.
  const to = history.dataUpdatedAt;
  const from = to > 0 ? to - STATS_MINUTES * 60_000 : to;
  const points = history.data?.points ?? [];
  return (
    <div className="charts" data-testid="stats-charts">
      {SERIES.map((s) => {
        const series: UsagePoint[] = points.map((p) => ({ time: timeOf(p.time), value: p[s.key] }));
        return (
          <LineChart
            key={s.key}
            title={s.title}
            tone={s.key}
            testId={s.testId}
            points={series}
            from={from}
            to={to}
          />
        );
      })}
    </div>
  );
}
