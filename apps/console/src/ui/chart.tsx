/** A Chart.js chart with its table alternative (the chart is a picture of the table). */
import { ArcElement, BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { Scale } from 'chart.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { labelRoom, nothingCounted, shortLabel } from './chart-data';
import { DataTable } from './table';
import type { Column } from './table';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, ArcElement, CategoryScale, LinearScale, Legend, Tooltip);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#1f2933';
Chart.defaults.locale = 'fr-FR';

export const PALETTE = ['#1d4e89', '#c2410c', '#2f7d32', '#7b2d8b', '#b45309', '#0f766e', '#9f1239', '#475569'];

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
}

export interface ChartProps {
  readonly id: string;
  readonly title: string;
  readonly kind?: 'bar' | 'line' | 'hbar';
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  /** Shown under the title (what is counted, caveats). */
  readonly note?: string;
  readonly format?: (n: number) => string;
  /** A fixed value axis (notes from 1 to 5), rather than whole counts from 0. */
  readonly scale?: { readonly min: number; readonly max: number };
  /** The table alternative, when richer than the charted values (it gets the id `${id}-table`). */
  readonly alternative?: (tableId: string) => ComponentChildren;
  /** What it says instead of a chart when every count is zero (« Aucune mise en relation »); unset: the zeros are drawn. */
  readonly none?: string;
}

export function ChartFigure({
  id,
  title,
  kind = 'bar',
  labels,
  series,
  note,
  format = (n) => n.toLocaleString('fr-FR'),
  scale,
  alternative,
  none,
}: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const empty = none !== undefined && nothingCounted(series);
  useEffect(() => {
    if (!canvas.current || empty) return;
    const chart = new Chart(canvas.current, {
      type: kind === 'line' ? 'line' : 'bar',
      data: {
        labels: [...labels],
        datasets: series.map((s, i) => ({
          label: s.label,
          data: [...s.values],
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: kind === 'hbar' ? 'y' : 'x',
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: series.length > 1 } },
        // Counts: whole numbers on the value axis (not 0,1 … 0,9 under a bar of 1); notes: their own range (1 to 5).
        scales: (() => {
          const value = scale
            ? { min: scale.min, max: scale.max, ticks: { stepSize: 1 } }
            : { beginAtZero: true, ticks: { precision: 0, ...(kind === 'hbar' ? {} : { autoSkip: false }) } };
          // The labels' axis: a long label (a rencontre's date and theme) shortened with « … », its date kept, rather
          // than cut at the chart's edge; the tooltip and the table say it whole.
          const short = function (this: Scale, tick: number | string): string {
            return shortLabel(this.getLabelForValue(Number(tick)), labelRoom(this.chart.width));
          };
          return kind === 'hbar'
            ? { x: value, y: { ticks: { autoSkip: false, callback: short } } }
            : { x: { ticks: { autoSkip: true, callback: short } }, y: value };
        })(),
      },
    });
    return () => chart.destroy();
  }, [kind, labels, series, scale, empty]);
  const height = kind === 'hbar' ? Math.max(160, labels.length * 26 + 60) : 260;
  const columns: Column<number>[] = [
    { key: 'label', header: 'Libellé', cell: (_, i) => labels[i] ?? '' },
    ...series.map((s) => ({ key: s.label, header: s.label, numeric: true, cell: (_: unknown, i: number) => format(s.values[i] ?? 0) })),
  ];
  const describedBy = `${id}-table`;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        {note && <p class="hint">{note}</p>}
      </figcaption>
      {labels.length === 0 ? (
        <p class="empty">Aucune donnée pour cette période.</p>
      ) : empty ? (
        <p class="empty">{none}</p>
      ) : (
        <>
          <div class="canvas" style={{ height: `${height}px` }}>
            <canvas ref={canvas} role="img" aria-label={`Graphique : ${title}. Les valeurs sont dans le tableau qui suit.`} aria-describedby={describedBy} />
          </div>
          <details>
            <summary>Tableau des valeurs</summary>
            {alternative ? alternative(describedBy) : <DataTable id={describedBy} caption={title} columns={columns} rows={labels.map(() => 0)} />}
          </details>
        </>
      )}
    </figure>
  );
}
