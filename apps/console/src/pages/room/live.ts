/**
 * The live room page's one contact with `@catalyse/client`: it joins a room through the console's
 * hub (`hubClient()`, one socket for the whole console, its outbox in `localStorage`) and turns
 * what the `LiveRoom` keeps — entries in order, pending posts, presence, typing — into the
 * rows the page shows. The gapless logic (since, sync, reset, each entry once) is the client's;
 * following the browser's network is the console's hub's (`api.ts`).
 */
import type { FailedPost, LiveRoom, PendingPost } from '@catalyse/client';
import type { ErrorBody, FeedEntry } from '@catalyse/protocol';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet, hubClient } from '../../api';
import { errorText } from '../../ui/errors';
import { heldEntries, olderPage } from './window';

export type { FeedRow } from './rows';

/** What the client keeps of the room; the page turns it into rows (`feedRows`), with the names it read. */
export interface LiveRoomView {
  readonly entries: readonly FeedEntry[];
  readonly pending: readonly PendingPost[];
  readonly failed: readonly FailedPost[];
  readonly present: readonly string[];
  /** Who else is typing now (a notice lasts a few seconds). */
  readonly typing: readonly string[];
  /** False until the first join answered. */
  readonly joined: boolean;
  /** Why the hub refused the room (FORBIDDEN, NOT_FOUND, VALIDATION…), until a later join lets it in. */
  readonly refusal?: ErrorBody;
  /** How many times the feed was rebuilt (`room:reset`) while the page was open. */
  readonly resets: number;
}

export interface LiveRoomHandle {
  readonly view: LiveRoomView;
  post(text: string): void;
  typing(): void;
}

const TYPING_MS = 4000;

/** Joins `key` while the component is mounted; leaves on unmount or when the key changes. */
export function useLiveRoom(key: string, me: string): LiveRoomHandle {
  const [view, setView] = useState<LiveRoomView>({ entries: [], pending: [], failed: [], present: [], typing: [], joined: false, resets: 0 });
  const room = useMemo((): LiveRoom => {
    const hub = hubClient();
    // From the hub's latest entries, a room's own feed too: a busy room's whole history (thousands of messages, megabytes)
    // was read at each opening and held for nothing; older entries are read over HTTP when asked (`useOlderEntries`).
    return hub.room(key, { history: 'latest' });
  }, [key]);

  useEffect(() => {
    const typingUntil = new Map<string, number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resets = 0;
    const render = (): void => {
      const now = Date.now();
      for (const [who, until] of typingUntil) if (until <= now) typingUntil.delete(who);
      const refusal = room.refusal();
      setView({
        entries: room.entries(),
        pending: room.pending(),
        failed: room.failed(),
        ...(refusal ? { refusal } : {}),
        present: [...room.presence()].sort(),
        typing: [...typingUntil.keys()].filter((who) => who !== me).sort(),
        joined: room.epoch() !== undefined,
        resets,
      });
    };
    const offChange = room.onChange(render);
    const offReset = room.onReset(() => {
      resets += 1;
      render();
    });
    const offTyping = room.onTyping((who) => {
      typingUntil.set(who, Date.now() + TYPING_MS);
      render();
      clearTimeout(timer);
      timer = setTimeout(render, TYPING_MS + 50);
    });
    render();
    return () => {
      clearTimeout(timer);
      offChange();
      offReset();
      offTyping();
      void room.leave();
    };
  }, [room, me]);

  // Kept while the room is: a row's « renvoyer » depends on it, and a memoized row is drawn again when it changes.
  const post = useCallback((text: string) => void room.post(text), [room]);
  const typing = useCallback(() => room.typing(), [room]);
  return { view, post, typing };
}

/** A feed's page over HTTP (`GET /api/rooms/{id}/feed`, `GET /api/feeds/{key}`). */
interface FeedPage {
  readonly epoch: number;
  readonly entries: readonly FeedEntry[];
}

export interface OlderEntries {
  /** What the page holds: the older entries read, then the live room's (`heldEntries`). */
  readonly held: readonly FeedEntry[];
  /** Whether entries exist before the first held. */
  readonly more: boolean;
  readonly loading: boolean;
  readonly error?: string;
  /** Reads the page of entries before the first held. */
  readonly readOlder: () => void;
}

/**
 * The entries before the live room's first, read a page at a time when the reader asks. Read in the live room's epoch:
 * a page of another (read across a rebuild) is dropped, and those held are dropped when the live room changes epoch.
 */
export function useOlderEntries(key: string, live: readonly FeedEntry[]): OlderEntries {
  const [older, setOlder] = useState<readonly FeedEntry[]>([]);
  const [state, setState] = useState<{ loading: boolean; error?: string }>({ loading: false });
  const epoch = live[0]?.epoch;
  useEffect(() => setOlder([]), [key, epoch]);
  const held = useMemo(() => heldEntries(older, live), [older, live]);
  const first = held[0];
  const readOlder = useCallback(() => {
    const page = olderPage(first?.seq);
    if (!page || !first) return;
    const address = key.startsWith('room:') ? `/api/rooms/${encodeURIComponent(key.slice('room:'.length))}/feed` : `/api/feeds/${encodeURIComponent(key)}`;
    setState({ loading: true });
    apiGet<FeedPage>(address, { since: page.since, limit: page.limit }).then(
      (r) => {
        if (!r.ok) return setState({ loading: false, error: errorText(r.error) });
        setState({ loading: false });
        if (r.value.epoch !== first.epoch) return;
        setOlder((before) => [...r.value.entries.filter((e) => e.seq < (before[0]?.seq ?? first.seq)), ...before]);
      },
      (error: unknown) => setState({ loading: false, error: errorText({ code: 'NETWORK', message: String(error) }) }),
    );
  }, [key, first]);
  return { held, more: olderPage(first?.seq) !== undefined, ...state, readOlder };
}
