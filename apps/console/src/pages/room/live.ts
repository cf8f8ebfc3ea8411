/**
 * The live room page's one contact with `@catalyse/client`: it joins a room through the console's
 * hub (`hubClient()`, one socket for the whole console, its outbox in `localStorage`) and turns
 * what the `LiveRoom` keeps — entries in order, pending posts, presence, typing — into the
 * rows the page shows. The gapless logic (since, sync, reset, each entry once) is the client's;
 * following the browser's network is the console's hub's (`api.ts`).
 */
import type { FailedPost, LiveRoom, PendingPost } from '@catalyse/client';
import type { ErrorBody, FeedEntry } from '@catalyse/protocol';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { hubClient } from '../../api';

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
    // A room's own feed is read whole; the wide feeds (network, ops, a partnership's…) from their latest entries.
    return hub.room(key, { history: key.startsWith('room:') ? 'all' : 'latest' });
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

  return {
    view,
    post: (text) => void room.post(text),
    typing: () => room.typing(),
  };
}
