// One usage series as a small SVG line chart: 0–100 % on y, the time window on x, the
// latest value called out at the right. No chart library: three of these per details
// pane do not justify one.
import { chartGeometry, type ChartBox, type UsagePoint } from './chartModel.js';

const BOX: ChartBox = { width: 260, height: 96, left: 30, right: 40, top: 8, bottom: 16 };

export function LineChart(props: {
  title: string;
  points: readonly UsagePoint[];
  from: number;
  to: number;
  testId: string;
  tone: 'cpu' | 'mem' | 'net';
}) {
  const g = chartGeometry(props.points, BOX, props.from, props.to);
  const plotRight = BOX.width - BOX.right;
  const lastText = g.last ? `${Math.round(g.last.value)}%` : '—';
  return (
    <figure
      className={`chart chart-${props.tone}`}
      data-testid={props.testId}
      data-last={g.last ? Math.round(g.last.value) : undefined}
      data-points={props.points.length}
    >
      <figcaption className="chart-title">
        <span>{props.title}</span>
        <span className="chart-last">{lastText}</span>
      </figcaption>
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label={`${props.title}, last ${lastText}`}
      >
        {g.yTicks.map((t) => (
          <g key={t.label} className="chart-grid">
            <line x1={BOX.left} x2={plotRight} y1={t.at} y2={t.at} />
            <text x={BOX.left - 4} y={t.at} textAnchor="end" dominantBaseline="middle">
              {t.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <g key={t.at} className="chart-grid chart-time">
            <line
              x1={t.at}
              x2={t.at}
              y1={BOX.height - BOX.bottom}
              y2={BOX.height - BOX.bottom + 3}
            />
            <text x={t.at} y={BOX.height - 3} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        {g.area && <path className="chart-area" d={g.area} />}
        {g.line && <path className="chart-line" d={g.line} />}
        {g.last && (
          <>
            <circle className="chart-dot" cx={g.last.x} cy={g.last.y} r={2.5} />
            <text className="chart-value" x={g.last.x + 5} y={g.last.y} dominantBaseline="middle">
              {lastText}
            </text>
          </>
        )}
        {!g.last && (
          <text
            className="chart-empty"
            x={(BOX.left + plotRight) / 2}
            y={BOX.height / 2}
            textAnchor="middle"
          >
            No samples yet
          </text>
        )}
      </svg>
    </figure>
  );
}
