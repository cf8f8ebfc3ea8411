/** A query of a Grafana dashboard: the panel it draws and its PromQL. */
export interface DashboardQuery {
  readonly panel: string;
  readonly expr: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every panel of a dashboard (those folded inside rows too), as found. */
export function dashboardPanels(dashboard: unknown): Json[] {
  const walk = (panels: unknown): Json[] => list(panels).flatMap((panel) => (isObject(panel) ? [panel, ...walk(panel['panels'])] : []));
  return isObject(dashboard) ? walk(dashboard['panels']) : [];
}

/** Every PromQL query of a dashboard's panels (`targets[].expr`), its templating queries apart. */
export function dashboardQueries(dashboard: unknown): DashboardQuery[] {
  return dashboardPanels(dashboard).flatMap((panel) =>
    list(panel['targets']).flatMap((target) =>
      isObject(target) && typeof target['expr'] === 'string' ? [{ panel: String(panel['title']), expr: target['expr'] }] : [],
    ),
  );
}

/** The series of Catalyse a PromQL expression reads (`catalyse_…`), each once. */
export function catalyseSeriesIn(expr: string): string[] {
  return [...new Set(expr.match(/\bcatalyse_[a-zA-Z0-9_:]*/g) ?? [])];
}

/** The series names a scrape can hold, from its families and their types: a histogram `h` is `h_bucket`, `h_sum`, `h_count`. */
export function seriesOfFamilies(types: ReadonlyMap<string, string>): Map<string, { readonly family: string; readonly type: string }> {
  const series = new Map<string, { family: string; type: string }>();
  for (const [family, type] of types) {
    const names = type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
    for (const suffix of names) series.set(`${family}${suffix}`, { family, type });
  }
  return series;
}
