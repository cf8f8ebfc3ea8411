import type { FeedEntry, RoomKey } from '@catalyse/protocol';
import type { HubSocket } from '../gateway/hub-socket';
import type { FeedFanout } from './feed-fanout';

/** What a joiner receives in its ack (presence is added by the gateway). */
export interface JoinedFeed {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly head: number;
  readonly entries: readonly FeedEntry[];
  readonly snapshot: boolean;
}

/** What a fan-out tells the node's metrics (`HubMetrics` of `@catalyse/metrics`). */
export interface FanoutObserver {
  /** `entries` were emitted live to the room, `delayMs` after the feed update that announced them reached this node. */
  delivered(entries: number, delayMs: number): void;
  /** A client caught up: `entries` sent for a `room:join` with `since` (its ack and what followed it) or a `room:sync` page. */
  rejoined(request: 'join' | 'sync', entries: number): void;
  /** A room member fell behind a live delivery by more than `liveBacklogBytes`: served page by page from now. */
  slowClient(outcome: 'paged'): void;
}

export interface FanoutSettings {
  readonly readPageSize: number;
  readonly snapshotSize: number;
  readonly joinAckMaxEntries: number;
  readonly catchUpCacheSize: number;
  readonly liveBacklogBytes: number;
}

/** What the node hears from a room's fan-out. */
export interface FanoutHooks {
  /** Nothing queued and no join in flight: the fan-out may be dropped if the room has no local socket. */
  readonly onIdle: (fanout: FeedFanout) => void;
  readonly observer?: FanoutObserver;
  /** After a live delivery, each member of the room and the bytes waiting for it (the node's slow-reader limit). */
  readonly buffered?: (socket: HubSocket, bytes: number) => void;
  /** The entries just emitted live to the room, in order (the node looks for those that end someone's access). */
  readonly delivered?: (room: RoomKey, entries: readonly FeedEntry[]) => void;
}

/**
 * A socket served page by page, left out of live deliveries until it holds `delivered.head`: a joiner answered by
 * its join ack, or a room member that fell behind a backlog (`checkMembers`).
 */
export interface CatchingUp {
  readonly socket: HubSocket;
  readonly epoch: number;
  /** A join's catch-up (counted as a rejoin in the metrics), not a member's that fell behind. */
  readonly joined: boolean;
  /** The last seq it was sent (by its ack, then by pages). */
  sent: number;
  /** Entries it was sent, its ack's included (metrics). */
  count: number;
}

/** The feed moved to another epoch while it was being read. */
export class EpochChanged extends Error {
  override readonly name = 'EpochChanged';
}
