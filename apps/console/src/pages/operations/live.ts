/**
 * The Opérations page's contact with the hub: it joins the `ops` room through the console's hub
 * (`hubClient()`, from its latest entries: `history: 'latest'`) while the page is open, and
 * keeps what the panels show: the entries (in seq order, each once: the client's gapless logic),
 * and each `room:reset` as it happens (a rebuild switched the feeds to a new epoch) with how many
 * entries the room read again once it had resynchronised.
 */
import type { FeedEntry } from '@catalyse/protocol';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hubClient } from '../../api';

/** One `room:reset` of the ops room, as seen live. */
export interface OpsReset {
  /** The epoch the feed switched to. */
  readonly epoch: number;
  /** When the console got the notice (this browser's clock). */
  readonly at: string;
  /** How many entries the room read again in the new epoch; undefined while it resynchronises. */
  readonly reread?: number;
  /** The last entry the room held once it had read them again: the live panel shows what comes after above it. */
  readonly after?: { readonly epoch: number; readonly seq: number };
}

export interface OpsFeed {
  readonly entries: readonly FeedEntry[];
  /** False until the first join answered. */
  readonly joined: boolean;
  readonly epoch?: number;
  readonly resets: readonly OpsReset[];
}

const NONE: OpsFeed = { entries: [], joined: false, resets: [] };

/** Joins `ops` while the component is mounted (one per page: the panels share it). */
export function useOpsFeed(): OpsFeed {
  const [feed, setFeed] = useState<OpsFeed>(NONE);
  const room = useMemo(() => hubClient().room('ops', { history: 'latest' }), []);
  useEffect(() => {
    let resets: OpsReset[] = [];
    let rereading = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = (): void => {
      const epoch = room.epoch();
      setFeed({ entries: room.entries(), joined: epoch !== undefined, ...(epoch !== undefined ? { epoch } : {}), resets });
    };
    const offReset = room.onReset((epoch) => {
      resets = [...resets, { epoch, at: new Date().toISOString() }];
      rereading = true;
      render();
    });
    const offChange = room.onChange(() => {
      // The rejoin after a reset hands its entries in one go: counted once they are all in.
      if (rereading && room.entries().length > 0) {
        clearTimeout(timer);
        timer = setTimeout(() => {
          rereading = false;
          const last = resets[resets.length - 1];
          const entries = room.entries();
          const newest = entries[entries.length - 1];
          if (last)
            resets = [...resets.slice(0, -1), { ...last, reread: entries.length, ...(newest ? { after: { epoch: newest.epoch, seq: newest.seq } } : {}) }];
          render();
        }, 0);
      }
      render();
    });
    render();
    return () => {
      clearTimeout(timer);
      offReset();
      offChange();
      room.leave();
    };
  }, [room]);
  return feed;
}
