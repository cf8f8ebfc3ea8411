import { Counter, Histogram, type Registry } from 'prom-client';
import { registersOf, scrapedGauge } from './registry';

/** What the metrics read of a hub node when scraped. */
export interface WatchedHub {
  /** Sockets connected to this node. */
  sockets(): number;
  /** Rooms with at least one socket of this node joined, and those memberships (a socket in two rooms counts twice). */
  occupancy(): { readonly rooms: number; readonly members: number };
}

/** How a client caught up: `room:join` with its `since`, or a page of `room:sync`. */
export type RejoinRequest = 'join' | 'sync';

/** What became of a client too slow for its rooms: served page by page behind a burst, or disconnected at the limit. */
export type SlowClientOutcome = 'paged' | 'dropped';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const ENTRIES = [0, 1, 5, 10, 50, 100, 500, 1000, 5000];

/** A hub node: its sockets and rooms, how fast it fans entries out, how much rejoining clients fetch. */
export class HubMetrics {
  readonly fanoutDelay: Histogram;
  readonly rejoinEntries: Histogram<'request'>;
  readonly slowClients: Counter<'outcome'>;
  private hub: WatchedHub | undefined;

  constructor(registry?: Registry) {
    const registers = registersOf(registry);
    scrapedGauge({ name: 'catalyse_hub_sockets', help: 'Sockets connected to this hub node', registers, value: () => this.hub?.sockets() ?? 0 });
    scrapedGauge({
      name: 'catalyse_hub_rooms',
      help: 'Rooms (feeds) with at least one socket of this hub node joined',
      registers,
      value: () => this.hub?.occupancy().rooms ?? 0,
    });
    scrapedGauge({
      name: 'catalyse_hub_room_members',
      help: 'Room memberships of the sockets of this hub node (a socket in two rooms counts twice)',
      registers,
      value: () => this.hub?.occupancy().members ?? 0,
    });
    this.fanoutDelay = new Histogram({
      name: 'catalyse_hub_fanout_delay_seconds',
      help:
        'Per entry emitted live to a room (room:entry), seconds from the feed update that announced it reaching this hub node ' +
        '(notifier message or poll) to its emit: the wait in the room queue, the feed read, the emit. Excludes the projector ' +
        '(catalyse_projector_batch_duration_seconds) and the notifier transit (a poll interval when polling); clocks of one process only',
      buckets: SECONDS,
      registers,
    });
    this.rejoinEntries = new Histogram({
      name: 'catalyse_hub_rejoin_entries',
      help:
        'Entries sent to a client catching up: request="join" a room:join with since (the ack and the entries that follow it), ' +
        'request="sync" one room:sync page',
      labelNames: ['request'],
      buckets: ENTRIES,
      registers,
    });
    this.slowClients = new Counter({
      name: 'catalyse_hub_slow_clients_total',
      help:
        'Clients too slow for their rooms: outcome="paged" a room member with more than liveBacklogBytes waiting after a live delivery, ' +
        'served page by page as it reads; outcome="dropped" a socket disconnected with more than maxBufferedBytes waiting',
      labelNames: ['outcome'],
      registers,
    });
  }

  /** Reads `hub` when scraped; returns the function that stops. */
  watch(hub: WatchedHub): () => void {
    this.hub = hub;
    return () => {
      if (this.hub === hub) this.hub = undefined;
    };
  }

  /** `entries` were emitted to a room `delayMs` after their feed update reached this node. */
  delivered(entries: number, delayMs: number): void {
    for (let i = 0; i < entries; i++) this.fanoutDelay.observe(delayMs / 1000);
  }

  rejoined(request: RejoinRequest, entries: number): void {
    this.rejoinEntries.observe({ request }, entries);
  }

  slowClient(outcome: SlowClientOutcome): void {
    this.slowClients.inc({ outcome });
  }
}
