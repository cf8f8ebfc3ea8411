/**
 * Salons en direct: the list of the rooms one may enter (`directory.tsx`: pick one, it opens),
 * the wide feeds, the rooms visited before; in a room, who is here, the messages as they
 * arrive, post (through the client's outbox: « en attente » until acknowledged, kept while
 * offline; the console's one offline banner says so), record a decision, and see who is typing.
 */
import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { apiCommand, useGet, useHubStatus } from '../../api';
import { getSession } from '../../session';
import { errorText, Page } from '../../ui/common';
import { feedOrderText } from '../../ui/feed-order';
import { LateMark } from '../../ui/late-mark';
import { useCatalyseurNames, useExperimentationTitles, useOrganisationNames, usePartnershipTitles, useRoomTitles, useTerritoryNames } from '../../ui/names';
import { FeedChooser, RoomDirectory, type RoomCard, ROOM_KINDS, roomPath } from './directory';
import { refusalText, roomKeyOf } from './keys';
import { type FeedRow, useLiveRoom } from './live';
import { feedRows, personIds } from './rows';
import './room.css';

const RECENT_KEY = 'catalyse.salons-recents';

function recentRooms(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    // Read as keys (a bare id kept by an earlier console is its room's), each once.
    return Array.isArray(parsed) ? [...new Set(parsed.filter((k): k is string => typeof k === 'string').map(roomKeyOf))].slice(0, 8) : [];
  } catch {
    return [];
  }
}

function remember(key: string): void {
  localStorage.setItem(RECENT_KEY, JSON.stringify([key, ...recentRooms().filter((k) => k !== key)].slice(0, 8)));
}

/** A room key in words: a room by its title, a feed by what it follows (its name when read, else its id). */
export function roomName(key: string, name?: string): string {
  if (key === 'network') return 'Le salon du réseau';
  if (key === 'ops') return 'Le salon des opérateurs';
  const [kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'room' && name) return name;
  const kinds: Record<string, string> = { ...ROOM_KINDS, room: 'Salon', organisation: 'Organisation', portfolio: 'Portefeuille' };
  // Not a key the console knows (an address typed by hand): shown as it is.
  if (!id || kinds[kind ?? ''] === undefined) return `Salon « ${key} »`;
  return name ? `${kinds[kind ?? ''] ?? kind} : ${name}` : `${kinds[kind ?? ''] ?? kind} ${id}`;
}

/** The names of what room keys follow (a room's title, a partnership's…), by key; read a few at a time. */
function useRoomKeyNames(keys: readonly string[]): ReadonlyMap<string, string> {
  const idsOf = (kind: string): string[] => keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
  const byKind: Record<string, ReadonlyMap<string, string>> = {
    room: useRoomTitles(idsOf('room')),
    partnership: usePartnershipTitles(idsOf('partnership')),
    experimentation: useExperimentationTitles(idsOf('experimentation')),
    territory: useTerritoryNames(idsOf('territory')),
    organisation: useOrganisationNames(idsOf('organisation')),
    portfolio: useCatalyseurNames(idsOf('portfolio')),
  };
  const names = new Map<string, string>();
  for (const key of keys) {
    const [kind = '', ...rest] = key.split(':');
    const name = byKind[kind]?.get(rest.join(':'));
    if (name) names.set(key, name);
  }
  return names;
}

/** « Rencontre · salon ouvert · 3 membres »: what a room's card says, under its title. */
function aboutRoom(card: RoomCard): string {
  const members = `${card.members.length.toLocaleString('fr-FR')} membre${card.members.length > 1 ? 's' : ''}`;
  const access = card.access === 'open' ? 'salon ouvert' : 'salon réservé à ses membres';
  return [ROOM_KINDS[card.kind] ?? card.kind, access, members, ...(card.archived ? ['archivé'] : [])].join(' · ');
}

export function RoomPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const asked = params['salon'] ? decodeURIComponent(params['salon']) : undefined;
  // `/salons/labo-alsace` (a bare id) is the room `room:labo-alsace`: the address is corrected to its key.
  const salon = asked === undefined ? undefined : roomKeyOf(asked);
  useEffect(() => {
    if (asked !== undefined && salon !== undefined && salon !== asked) route(roomPath(salon), true);
  }, [asked, salon, route]);
  const roomId = salon?.startsWith('room:') ? salon.slice('room:'.length) : null;
  const card = useGet<RoomCard>(roomId ? `/api/rooms/${encodeURIComponent(roomId)}` : null);
  const feedName = useRoomKeyNames(salon && !roomId ? [salon] : []).get(salon ?? '');
  const title = salon ? (card.data?.title ?? roomName(salon, feedName)) : 'Salons en direct';
  // No such room: said at once, and nothing joined (an operator may enter any room key, even one never opened).
  const missing = roomId !== null && card.error?.code === 'NOT_FOUND';
  return (
    <Page title={title} lead={!salon ? 'Choisissez un salon pour y retrouver les catalyseurs présents.' : card.data ? aboutRoom(card.data) : undefined}>
      {salon ? (
        <>
          {missing ? (
            <p role="alert" class="error">
              {refusalText('NOT_FOUND')} <a href="/salons">Voir vos salons</a>
            </p>
          ) : (
            <LiveRoomPanel key={salon} roomKey={salon} roomId={roomId} archived={card.data?.archived === true} onArchived={card.reload} />
          )}
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
  const names = useRoomKeyNames(recent);
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
            <a href={roomPath(key)}>{roomName(key, names.get(key))}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LiveRoomPanel({
  roomKey,
  roomId,
  archived: archivedBefore,
  onArchived,
}: {
  roomKey: string;
  roomId: string | null;
  /** Archived when the page read the room's card. */
  archived: boolean;
  /** The room was archived while the page was open: its card is read again (the header says « archivé »). */
  onArchived: () => void;
}) {
  const me = getSession()?.sub ?? '';
  const { view, post, typing } = useLiveRoom(roomKey, me);
  const archivedLive = view.entries.some((entry) => entry.kind === 'RoomArchived');
  // An archived room is read, not written: its forms would only ever be refused.
  const archived = archivedBefore || archivedLive;
  useEffect(() => {
    if (archivedLive && !archivedBefore) onArchived();
  }, [archivedLive, archivedBefore, onArchived]);
  const offline = useHubStatus() === 'offline';
  const typers = offline ? [] : view.typing;
  // Kept among the rooms visited once the hub let it in (not an address that names no room).
  useEffect(() => {
    if (view.joined) remember(roomKey);
  }, [roomKey, view.joined]);
  // Authors and the others the entries name, by name once read (their id until then, or when unknown).
  // The signed-in operator or partner is no catalyseur: its own card is not asked for (it would answer 404).
  const session = getSession();
  const notCatalyseurs = session && session.role !== 'catalyseur' ? [session.sub] : [];
  const names = useCatalyseurNames([...view.present, ...typers, ...personIds(view.entries, notCatalyseurs)].filter((id) => !notCatalyseurs.includes(id)));
  const nameOf = (id: string): string => names.get(id) ?? id;
  const rows = useMemo(
    () => feedRows(view.entries, view.pending, view.failed, me, (id) => names.get(id) ?? id),
    [view.entries, view.pending, view.failed, me, names],
  );
  const refused = view.refusal ? refusalText(view.refusal.code) : undefined;
  if (refused) {
    // Refused (no such room, or not for this person): said instead of « Connexion au salon… » for ever.
    return (
      <section aria-label="Salon en direct" class="live-room">
        <p role="alert" class="error">
          {refused} <a href="/salons">Voir vos salons</a>
        </p>
      </section>
    );
  }
  return (
    <section aria-label="Salon en direct" class="live-room">
      <div class="room-columns">
        <section aria-labelledby="presents-titre" class="presence">
          <h2 id="presents-titre">
            Présents ({view.present.length}){offline ? ', avant la coupure' : ''}
          </h2>
          <ul aria-label="Présents">
            {view.present.map((who) => (
              <li key={who} title={who}>
                {nameOf(who)}
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
          {/* A feed of facts (not a room's messages alone) says its order: its facts' dates may go back. */}
          {rows.some((row) => row.type === 'event') && <p class="hint feed-order">{feedOrderText(false)}</p>}
          <Feed rows={rows} />
          <p class="typing" aria-live="polite">
            {typers.length === 1 ? `${nameOf(typers[0] ?? '')} écrit…` : typers.length > 1 ? `${typers.map(nameOf).join(', ')} écrivent…` : ''}
          </p>
          {roomId && archived ? (
            <p class="hint">Ce salon est archivé : son historique se lit, on n’y écrit plus.</p>
          ) : roomId ? (
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
              {row.late && <LateMark />}
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
