/**
 * The benchmark's output: every figure beside the raw ceiling measured in the
 * same run and its target, as a table for people and one `BENCH_JSON` line for
 * machines.
 */

export type Unit = 'events/s' | 'rows/s' | 'deliveries/s' | 'ms' | 'bytes' | 'count';

export interface Check {
  /** e.g. `≥ 20,000/s`, `≥ 0.6× raw`. */
  readonly label: string;
  readonly ok: boolean;
}

export interface Figure {
  /** Short key of the section of the table, e.g. `store FULL` (see `Report.section`). */
  readonly section: string;
  readonly name: string;
  /** A row that explains the one above it (indented, never targeted). */
  readonly detail?: boolean;
  readonly value: number;
  readonly unit: Unit;
  /** The raw ceiling of the same measurement, same unit. */
  readonly ceiling?: number;
  readonly checks?: readonly Check[];
}

export function atLeast(value: number, min: number, label: string): Check {
  return { label, ok: value >= min };
}

export function atMost(value: number, max: number, label: string): Check {
  return { label, ok: value <= max };
}

export class Report {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  readonly context: Record<string, unknown> = {};
  private readonly titles = new Map<string, string>();

  /** Declares a section: `key` in the JSON and the summary, `title` above its rows. */
  section(key: string, title: string): string {
    this.titles.set(key, title);
    return key;
  }

  add(figure: Figure): void {
    this.figures.push(figure);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get missed(): Figure[] {
    return this.figures.filter((figure) => figure.checks?.some((check) => !check.ok));
  }

  render(): string {
    const header = ['figure', 'catalyse', 'raw ceiling', 'vs raw', 'target'];
    const lines: string[] = [];
    let section = '';
    const rows: (string[] | string)[] = [];
    for (const figure of this.figures) {
      if (figure.section !== section) {
        section = figure.section;
        rows.push(this.titles.get(section) ?? section);
      }
      rows.push([
        `${figure.detail ? '    … ' : '  '}${figure.name}`,
        format(figure.value, figure.unit),
        figure.ceiling === undefined ? '' : format(figure.ceiling, figure.unit),
        figure.ceiling === undefined || figure.ceiling === 0 ? '' : `${(figure.value / figure.ceiling).toFixed(2)}×`,
        (figure.checks ?? []).map((check) => `${check.ok ? '✓' : '✗'} ${check.label}`).join('   '),
      ]);
    }
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (typeof row === 'string' ? 0 : (row[column] ?? '').length))));
    const line = (cells: readonly string[]): string =>
      cells
        .map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  ')
        .trimEnd();
    lines.push(line(header));
    lines.push(widths.map((width) => '─'.repeat(width)).join('  '));
    for (const row of rows) lines.push(typeof row === 'string' ? row : line(row));
    const checks = this.figures.flatMap((figure) => figure.checks ?? []);
    const met = checks.filter((check) => check.ok).length;
    lines.push('');
    lines.push(`targets: ${met}/${checks.length} met${this.missed.length ? ` — missed: ${this.missed.map((f) => `${f.section}: ${f.name}`).join('; ')}` : ''}`);
    for (const note of this.notes) lines.push(`note: ${note}`);
    return lines.join('\n');
  }

  json(): string {
    const checks = this.figures.flatMap((figure) => figure.checks ?? []);
    return JSON.stringify({
      ...this.context,
      figures: this.figures.map((figure) => ({
        ...figure,
        value: round(figure.value),
        ...(figure.ceiling === undefined ? {} : { ceiling: round(figure.ceiling), ratio: round(figure.value / figure.ceiling) }),
      })),
      targets: { met: checks.filter((check) => check.ok).length, total: checks.length },
      notes: this.notes,
    });
  }
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function format(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'events/s':
    case 'rows/s':
    case 'deliveries/s':
      return `${integer.format(value)} ${unit}`;
    case 'ms':
      return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
    case 'count':
      return integer.format(value);
    case 'bytes':
      return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${integer.format(value)} B`;
  }
}

function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : value;
}
