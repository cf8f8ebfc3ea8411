/**
 * Salons en direct: the list of the rooms one may enter (`directory.tsx`: pick one, it opens),
 * the wide feeds, the rooms visited before; in a room, who is here, the messages as they
 * arrive, post (through the client's outbox: « en attente » until acknowledged, kept while
 * offline; the console's one offline banner says so), record a decision, and see who is typing.
 */
import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiCommand, useGet, useHubStatus } from '../../api';
import { getSession } from '../../session';
import { errorText, Page } from '../../ui/common';
import { FeedChooser, RoomDirectory, type RoomCard, ROOM_KINDS, roomPath } from './directory';
import { type FeedRow, useLiveRoom } from './live';
import './room.css';

const RECENT_KEY = 'catalyse.salons-recents';

function recentRooms(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string').slice(0, 8) : [];
  } catch {
    return [];
  }
}

function remember(key: string): void {
  localStorage.setItem(RECENT_KEY, JSON.stringify([key, ...recentRooms().filter((k) => k !== key)].slice(0, 8)));
}

/** A room key in words. */
export function roomName(key: string): string {
  if (key === 'network') return 'Le salon du réseau';
  if (key === 'ops') return 'Le salon des opérateurs';
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  const kinds: Record<string, string> = { ...ROOM_KINDS, room: 'Salon' };
  return `${kinds[kind ?? ''] ?? kind} ${id}`;
}

/** « Rencontre · salon ouvert · 3 membres »: what a room's card says, under its title. */
function aboutRoom(card: RoomCard): string {
  const members = `${card.members.length.toLocaleString('fr-FR')} membre${card.members.length > 1 ? 's' : ''}`;
  const access = card.access === 'open' ? 'salon ouvert' : 'salon réservé à ses membres';
  return [ROOM_KINDS[card.kind] ?? card.kind, access, members, ...(card.archived ? ['archivé'] : [])].join(' · ');
}

export function RoomPage() {
  const { params } = useRoute();
  const salon = params['salon'] ? decodeURIComponent(params['salon']) : undefined;
  const roomId = salon?.startsWith('room:') ? salon.slice('room:'.length) : null;
  const card = useGet<RoomCard>(roomId ? `/api/rooms/${encodeURIComponent(roomId)}` : null);
  const title = salon ? (card.data?.title ?? roomName(salon)) : 'Salons en direct';
  return (
    <Page title={title} lead={!salon ? 'Choisissez un salon pour y retrouver les catalyseurs présents.' : card.data ? aboutRoom(card.data) : undefined}>
      {salon ? (
        <>
          <LiveRoomPanel key={salon} roomKey={salon} roomId={roomId} />
          <OtherRooms current={salon} />
        </>
      ) : (
        <>
          <RoomDirectory />
          <FeedChooser />
          <OtherRooms />
        </>
      )}
    </Page>
  );
}

/** Back to the list, and the rooms visited before (kept in this browser). */
function OtherRooms({ current }: { current?: string }) {
  const recent = recentRooms().filter((k) => k !== current);
  if (!current && recent.length === 0) return null;
  return (
    <nav aria-labelledby="h-recents" class="room-chooser">
      <h2 id="h-recents">{current ? 'Changer de salon' : 'Salons récents'}</h2>
      <ul>
        {current && (
          <li>
            <a href="/salons">Tous vos salons</a>
          </li>
        )}
        {recent.map((key) => (
          <li key={key}>
            <a href={roomPath(key)}>{roomName(key)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LiveRoomPanel({ roomKey, roomId }: { roomKey: string; roomId: string | null }) {
  const me = getSession()?.sub ?? '';
  const { view, post, typing } = useLiveRoom(roomKey, me);
  const offline = useHubStatus() === 'offline';
  const typers = offline ? [] : view.typing;
  useEffect(() => remember(roomKey), [roomKey]);
  return (
    <section aria-label="Salon en direct" class="live-room">
      <div class="room-columns">
        <section aria-labelledby="presents-titre" class="presence">
          <h2 id="presents-titre">
            Présents ({view.present.length}){offline ? ', avant la coupure' : ''}
          </h2>
          <ul aria-label="Présents">
            {view.present.map((who) => (
              <li key={who}>
                {who}
                {who === me ? ' (vous)' : ''}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="fil-titre" class="feed">
          <h2 id="fil-titre">{roomId ? 'Messages' : 'Fil'}</h2>
          {!view.joined && (
            <p role="status" class="loading">
              Connexion au salon…
            </p>
          )}
          {view.resets > 0 && (
            <p role="status" class="hint">
              Le fil du salon a été reconstruit par un opérateur et relu en entier.
            </p>
          )}
          <Feed rows={view.rows} />
          <p class="typing" aria-live="polite">
            {typers.length === 1 ? `${typers[0]} écrit…` : typers.length > 1 ? `${typers.join(', ')} écrivent…` : ''}
          </p>
          {roomId ? (
            <>
              <PostForm post={post} typing={typing} />
              <DecisionForm roomId={roomId} />
            </>
          ) : (
            <p class="hint">Ce fil suit ce qui se passe, en lecture seule : on écrit dans les salons.</p>
          )}
        </section>
      </div>
    </section>
  );
}

function Feed({ rows }: { rows: readonly FeedRow[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView?.({ block: 'nearest' }), [rows.length]);
  return (
    // Focusable: a long feed scrolls, and a keyboard must reach it to scroll it (when its entries hold no link).
    <ol class="feed-list" aria-label="Fil du salon" aria-live="polite" aria-relevant="additions" tabIndex={0}>
      {rows.map((row) => (
        <li key={row.key} class={`row ${row.type}`}>
          {row.type === 'event' ? (
            <p>
              <Time at={row.at} /> {row.text}
            </p>
          ) : (
            <>
              <p class="meta">
                <span class="author">{row.author}</span> {row.at && <Time at={row.at} />}
                {row.type === 'decision' && <strong class="tag"> Décision</strong>}
                {row.type === 'pending' && <em class="tag pending-tag"> « en attente »</em>}
                {row.type === 'failed' && <strong class="tag failed-tag"> non envoyé : {row.error}</strong>}
              </p>
              <p class="text">{row.text}</p>
            </>
          )}
        </li>
      ))}
      <li ref={end} class="end" aria-hidden="true" />
    </ol>
  );
}

function Time({ at }: { at: string }) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return null;
  return <time dateTime={at}>{d.toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' })}</time>;
}

function PostForm({ post, typing }: { post: (text: string) => void; typing: () => void }) {
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  return (
    <form
      class="post-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = text.trim();
        if (!value) return;
        post(value);
        setText('');
      }}
    >
      <label for="message">Votre message</label>
      <input
        id="message"
        type="text"
        value={text}
        maxLength={4000}
        autoComplete="off"
        onInput={(e) => {
          setText(e.currentTarget.value);
          if (Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            typing();
          }
        }}
      />
      <button type="submit">Envoyer</button>
    </form>
  );
}

function DecisionForm({ roomId }: { roomId: string }) {
  const [text, setText] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  return (
    <form
      class="decision-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const value = text.trim();
        if (!value) return;
        setState({ busy: true });
        const result = await apiCommand(`/api/rooms/${encodeURIComponent(roomId)}/record-decision`, { text: value }).catch((error: unknown) => ({
          ok: false as const,
          error: { status: 0, code: 'NETWORK', message: String(error) },
        }));
        if (result.ok) {
          setText('');
          setState({ busy: false });
        } else setState({ busy: false, error: errorText(result.error) });
      }}
    >
      <label for="decision">Décision prise</label>
      <input id="decision" type="text" value={text} maxLength={4000} autoComplete="off" onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" disabled={state.busy}>
        Consigner la décision
      </button>
      {state.error && (
        <p role="alert" class="error">
          {state.error}
        </p>
      )}
    </form>
  );
}
