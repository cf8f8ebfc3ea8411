import type { Registry } from 'prom-client';
import { CommandMetrics } from './command-metrics';
import { EventStoreMetrics } from './event-store-metrics';
import { HubMetrics } from './hub-metrics';
import { ProjectorMetrics } from './projector-metrics';
import { StoreGauges } from './store-gauges';

/**
 * Every family of metrics Catalyse defines (besides the process's own, see
 * `createMetricsRegistry`): what the apps may register, what a dashboard may use.
 */
export const METRIC_FAMILIES: readonly (new (registry?: Registry) => unknown)[] = [
  StoreGauges,
  CommandMetrics,
  EventStoreMetrics,
  ProjectorMetrics,
  HubMetrics,
];
