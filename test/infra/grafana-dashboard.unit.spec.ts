/**
 * The Grafana dashboard of infra/ (infra/grafana/catalyse.json) cannot drift
 * from the code: it is well-formed JSON a Grafana can import with a Prometheus
 * of the user's choice, and every series its queries read is one the code
 * registers (the families of `@catalyse/metrics` and the process's own).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMetricsRegistry, METRIC_FAMILIES } from '@catalyse/metrics';
import { catalyseSeriesIn, dashboardPanels, dashboardQueries, parseScrape, seriesOfFamilies } from '@catalyse/metrics/testing';

const ROOT = resolve(__dirname, '..', '..');
const FILE = join(ROOT, 'infra', 'grafana', 'catalyse.json');
const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

type Json = Record<string, unknown>;

/** Every family the code registers, as a scrape declares them: name → type. */
async function registeredFamilies(): Promise<ReadonlyMap<string, string>> {
  const registry = createMetricsRegistry();
  try {
    for (const Family of METRIC_FAMILIES) new Family(registry);
    return parseScrape(await registry.metrics()).types;
  } finally {
    registry.clear();
  }
}

describe('the Grafana dashboard (infra/grafana/catalyse.json)', () => {
  const dashboard = JSON.parse(readFileSync(FILE, 'utf8')) as Json;
  const panels = dashboardPanels(dashboard).filter((panel) => panel['type'] !== 'row');
  const queries = dashboardQueries(dashboard);

  it('is a dashboard Grafana imports, on a Prometheus data source chosen by a variable', () => {
    expect(dashboard).toMatchObject({ uid: expect.any(String), title: 'Catalyse', schemaVersion: expect.any(Number) });
    const variables = (dashboard['templating'] as { list: Json[] }).list;
    expect(variables).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
    expect(panels.length).toBeGreaterThanOrEqual(10);
    const ids = dashboardPanels(dashboard).map((panel) => panel['id']);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel).toMatchObject({ title: expect.any(String), datasource: DATASOURCE, gridPos: expect.any(Object) });
      const { x, w } = panel['gridPos'] as { x: number; w: number };
      expect(x + w).toBeLessThanOrEqual(24);
      const targets = panel['targets'] as Json[];
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect(target).toMatchObject({ datasource: DATASOURCE, expr: expect.stringMatching(/catalyse_/) });
    }
  });

  it('reads only series the code registers', async () => {
    const series = seriesOfFamilies(await registeredFamilies());
    const unknown = queries.flatMap(({ panel, expr }) =>
      catalyseSeriesIn(expr)
        .filter((name) => !series.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has a panel for each thing operators watch', () => {
    const families = new Set(queries.flatMap(({ expr }) => catalyseSeriesIn(expr)).map((name) => name.replace(/_(bucket|sum|count)$/, '')));
    for (const family of [
      'catalyse_command_duration_seconds',
      'catalyse_event_store_append_duration_seconds',
      'catalyse_event_store_commit_appends',
      'catalyse_projector_batch_duration_seconds',
      'catalyse_projector_batch_events',
      'catalyse_projector_active',
      'catalyse_projector_lag_events',
      'catalyse_projection_lag_events',
      'catalyse_hub_sockets',
      'catalyse_hub_rooms',
      'catalyse_hub_room_members',
      'catalyse_hub_fanout_delay_seconds',
      'catalyse_hub_rejoin_entries',
      'catalyse_hub_slow_clients_total',
    ]) {
      expect([...families]).toContain(family);
    }
  });

  it('asks PromQL what it can answer: quantiles of buckets by le, rates of counters only', async () => {
    const series = seriesOfFamilies(await registeredFamilies());
    for (const { panel, expr } of queries) {
      for (const quantile of expr.matchAll(/histogram_quantile\(([^,]+),\s*sum by \(([^)]*)\) \(rate\((catalyse_\w+)\{/g)) {
        expect([panel, quantile[2]?.split(/,\s*/)]).toEqual([panel, expect.arrayContaining(['le'])]);
        expect([panel, quantile[3]]).toEqual([panel, expect.stringMatching(/_bucket$/)]);
      }
      for (const rate of expr.matchAll(/\brate\((catalyse_\w+)/g)) {
        const name = rate[1] ?? '';
        const of = series.get(name);
        const counterLike = of?.type === 'counter' || /_(bucket|sum|count)$/.test(name);
        expect([panel, name, counterLike]).toEqual([panel, name, true]);
      }
    }
  });
});
