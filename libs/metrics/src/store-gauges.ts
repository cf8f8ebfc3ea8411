import type { Registry } from 'prom-client';
import { LIVE_PROJECTOR } from '@catalyse/projections';
import { registersOf, scrapedGauge } from './registry';

/** What the gauges read when scraped: the log's head, the main projector's stored checkpoint. */
export interface WatchedStores {
  readonly events: { headPosition(): Promise<bigint> };
  readonly readModels: { getCheckpoint(name: string): Promise<bigint> };
}

/** The log and the read models as stored, the same whichever process is scraped (api, hub, projector). */
export class StoreGauges {
  private stores: WatchedStores | undefined;

  constructor(registry?: Registry) {
    const registers = registersOf(registry);
    scrapedGauge({
      name: 'catalyse_event_store_head_position',
      help: 'Global position of the last event in the log',
      registers,
      value: async () => (this.stores ? Number(await this.stores.events.headPosition()) : undefined),
    });
    scrapedGauge({
      name: 'catalyse_projection_lag_events',
      help: 'Events between the log head and the main projector checkpoint stored with the read models',
      registers,
      value: async () => {
        const stores = this.stores;
        if (!stores) return undefined;
        const [head, checkpoint] = await Promise.all([stores.events.headPosition(), stores.readModels.getCheckpoint(LIVE_PROJECTOR)]);
        return Number(head - checkpoint);
      },
    });
  }

  watch(stores: WatchedStores): void {
    this.stores = stores;
  }
}
