/**
 * A page that reads a document and follows its room: it joins the room through the console's hub
 * (`hubClient()`, from its latest entries) while mounted, and any new entry there means « read the
 * document again » (`reload`, once for a burst of entries). Once the hub has let the room in, the
 * document is read once more, for what happened between the first read and the join; after a
 * reconnection the client rejoins with its `since`, and the entries missed arrive as new ones.
 */
import { useEffect, useState } from 'preact/hooks';
import { hubClient } from '../api';

export type LiveState = 'connecting' | 'live' | 'refused';

const BURST_MS = 200;

/** Follows `key` (null: nothing to follow yet), calling `reload` when something happens there. */
export function useLiveReload(key: string | null, reload: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (key === null) return;
    setState('connecting');
    const room = hubClient().room(key, { history: 'latest' });
    let following = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = (): void => {
      clearTimeout(timer);
      timer = setTimeout(reload, BURST_MS);
    };
    const offEntry = room.onEntry(() => {
      if (following) soon();
    });
    // Entries read again after a rebuild are the same facts: the document is read once more all the same.
    const offReset = room.onReset(() => soon());
    let gone = false;
    room.ready().then(
      () => {
        if (gone) return;
        following = true;
        setState('live');
        soon();
      },
      () => !gone && setState('refused'),
    );
    return () => {
      gone = true;
      clearTimeout(timer);
      offEntry();
      offReset();
      room.leave();
    };
  }, [key, reload]);
  return state;
}

/** One line saying whether the page follows its room (`off`: why it follows none, when it does not). */
export function LiveNote({ state, off }: { state: LiveState; off?: string | undefined }) {
  return (
    <p class="hint live-note" role="status">
      {off ??
        (state === 'live'
          ? 'Suivi en direct : la page se met à jour d’elle-même.'
          : state === 'refused'
            ? 'Suivi en direct indisponible.'
            : 'Connexion au suivi en direct…')}
    </p>
  );
}
