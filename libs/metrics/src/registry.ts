import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/** Nest injection token of the app's `Registry` (provided by `MetricsModule` of `@catalyse/runtime`, global). */
export const METRICS_REGISTRY = 'catalyse.MetricsRegistry';

/** Every metric of Catalyse starts with it, the process's own too (`catalyse_process_cpu_seconds_total`). */
export const METRIC_PREFIX = 'catalyse_';

/** A registry of its own (never prom-client's global one) with the process's metrics: CPU, heap, event loop lag, GC. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

/** Where a family registers: the app's registry, or nowhere (the metrics still count, nobody scrapes them). */
export function registersOf(registry: Registry | undefined): Registry[] {
  return registry ? [registry] : [];
}

/**
 * A gauge read when scraped: `value()` (nothing is set when it answers undefined). When it fails (a store
 * unreachable), the gauge reads NaN, and the scrape of every other metric still succeeds.
 */
export function scrapedGauge(options: {
  readonly name: string;
  readonly help: string;
  readonly registers: Registry[];
  readonly value: () => number | undefined | Promise<number | undefined>;
}): Gauge {
  const gauge: Gauge = new Gauge({
    name: options.name,
    help: options.help,
    registers: options.registers,
    collect: async () => {
      let value: number | undefined;
      try {
        value = await options.value();
      } catch {
        value = Number.NaN;
      }
      if (value !== undefined) gauge.set(value);
    },
  });
  return gauge;
}
