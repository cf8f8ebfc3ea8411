/** One sample of the Prometheus text format: `name{label="value",…} value`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** What a scrape of `/metrics` holds: the families declared (`# TYPE`) and every sample. */
export interface Scrape {
  /** Family name → its type (`counter`, `gauge`, `histogram`, `summary`). */
  readonly types: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
  /** The value of the one sample of `name` whose labels include `labels`; undefined when there is none (throws on several). */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
  /** The sum over the samples of `name` whose labels include `labels` (0 when none). */
  sum(name: string, labels?: Readonly<Record<string, string>>): number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Parses the Prometheus text exposition format (version 0.0.4), as prom-client writes it. */
export function parseScrape(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      const type = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(trimmed);
      if (type?.[1] && type[2]) types.set(type[1], type[2]);
      continue;
    }
    const match = SAMPLE.exec(trimmed);
    if (!match?.[1] || match[3] === undefined) throw new Error(`not a sample of the Prometheus text format: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(LABEL)) labels[label[1] as string] = unescape(label[2] as string);
    samples.push({ name: match[1], labels, value: parseValue(match[3]) });
  }
  const matching = (name: string, labels: Readonly<Record<string, string>>): Sample[] =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return {
    types,
    samples,
    value(name, labels = {}) {
      const found = matching(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
    sum(name, labels = {}) {
      return matching(name, labels).reduce((total, s) => total + s.value, 0);
    },
  };
}
