/**
 * Salons en direct: the list of the rooms one may enter (`directory.tsx`: pick one, it opens),
 * the wide feeds, the rooms visited before; in a room, who is here, the messages as they
 * arrive, post (through the client's outbox: « en attente » until acknowledged, kept while
 * offline; the console's one offline banner says so), record a decision, and see who is typing.
 */
import { type FeedEntry, REDACTION_KIND } from '@catalyse/protocol';
import { useLocation, useRoute } from 'preact-iso';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useGet, useHubStatus } from '../../api';
import { getSession } from '../../session';
import { Page } from '../../ui/common';
import { feedOrderText } from '../../ui/feed-order';
import {
  rereadNames,
  useCatalyseurNames,
  useExperimentationTitles,
  useOrganisationNames,
  usePartnershipTitles,
  useRoomTitles,
  useTerritoryNames,
} from '../../ui/names';
import { FeedChooser, RoomDirectory, type RoomCard, ROOM_KINDS, roomPath } from './directory';
import { Feed } from './feed';
import { DecisionForm, PostForm } from './forms';
import { refusalText, roomKeyOf } from './keys';
import { type FeedRow, useLiveRoom, useOlderEntries } from './live';
import { membershipEntries, membershipKey, membersNow } from './membership';
import { othersText, presentShown } from './presence';
import { feedRows, personIds, personLabel, rolesIn } from './rows';
import { FEED_WINDOW, keptRows, OLDER_PAGE, windowStart } from './window';
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
  // The last card read of this room, kept when a later read is refused (the reader removed from it): its title stays.
  const lastCard = useRef<RoomCard | undefined>(undefined);
  if (card.data && card.data.id === roomId) lastCard.current = card.data;
  const shownCard = roomId !== null && lastCard.current?.id === roomId ? lastCard.current : undefined;
  // The members added or removed since, as the live feed carries them: the header's count follows them at once.
  const [membership, setMembership] = useState<{ readonly key: string; readonly entries: readonly FeedEntry[] }>({ key: '', entries: [] });
  const onMembership = useCallback((entries: readonly FeedEntry[]) => setMembership({ key: salon ?? '', entries }), [salon]);
  const members = shownCard ? membersNow(shownCard.members, membership.key === salon ? membership.entries : []) : [];
  const feedName = useRoomKeyNames(salon && !roomId ? [salon] : []).get(salon ?? '');
  const title = salon ? (shownCard?.title ?? roomName(salon, feedName)) : 'Salons en direct';
  // No such room, or not for this person (on opening it, or once read again after they were removed from it): said at
  // once, and nothing joined (an operator may enter any room key, even one never opened).
  const refusal = roomId !== null && (card.error?.code === 'NOT_FOUND' || card.error?.code === 'FORBIDDEN') ? card.error : undefined;
  return (
    <Page
      title={title}
      lead={!salon ? 'Choisissez un salon pour y retrouver les catalyseurs présents.' : shownCard ? aboutRoom({ ...shownCard, members }) : undefined}
    >
      {salon ? (
        <>
          {refusal ? (
            <RoomRefused text={refusalText(refusal.code, refusal.message)} />
          ) : (
            <LiveRoomPanel
              key={salon}
              roomKey={salon}
              roomId={roomId}
              archived={card.data?.archived === true}
              onArchived={card.reload}
              onMembership={onMembership}
              onMembershipChanged={card.reload}
            />
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

/**
 * Failed posts taken out of the feed (« Retirer », or sent again), by their `clientMsgId`: the client keeps them as
 * long as the console's hub and offers no way to drop one; the page hides them for as long.
 */
const dismissed = new Set<string>();

/** The signed-in person, as the feed names them when no catalyseur's card does (an operator, a partner). */
function ownLabel(id: string): string | undefined {
  const session = getSession();
  return session && session.sub === id && session.role !== 'catalyseur' ? personLabel(id, session.role) : undefined;
}

function LiveRoomPanel({
  roomKey,
  roomId,
  archived: archivedBefore,
  onArchived,
  onMembership,
  onMembershipChanged,
}: {
  roomKey: string;
  roomId: string | null;
  /** Archived when the page read the room's card. */
  archived: boolean;
  /** The room was archived while the page was open: its card is read again (the header says « archivé »). */
  onArchived: () => void;
  /** The membership entries the live feed holds (`membershipEntries`), each time they change. */
  onMembership: (entries: readonly FeedEntry[]) => void;
  /** A member was added or removed while the page was open: its card is read again (it may now refuse the reader). */
  onMembershipChanged: () => void;
}) {
  const me = getSession()?.sub ?? '';
  const { view, post, typing } = useLiveRoom(roomKey, me);
  const history = useOlderEntries(roomKey, view.entries);
  const archivedLive = view.entries.some((entry) => entry.kind === 'RoomArchived');
  // An archived room is read, not written: its forms would only ever be refused.
  const archived = archivedBefore || archivedLive;
  useEffect(() => {
    if (archivedLive && !archivedBefore) onArchived();
  }, [archivedLive, archivedBefore, onArchived]);
  // A member added or removed once the room was joined (not those of the history it opened on, which the card read
  // already counts): the card is read again; the reader removed from a members-only room is then refused, as on
  // opening it (the hub takes their socket out of the room, and their client does not hear it as a refusal).
  const memberKey = membershipKey(view.entries);
  const memberKeySeen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!view.joined) return;
    if (memberKeySeen.current !== undefined && memberKeySeen.current !== memberKey) onMembershipChanged();
    memberKeySeen.current = memberKey;
  }, [view.joined, memberKey, onMembershipChanged]);
  // Told up only when they change (the key), not at each message.
  const membership = useMemo(() => membershipEntries(view.entries), [memberKey]);
  useEffect(() => onMembership(membership), [membership, onMembership]);
  const offline = useHubStatus() === 'offline';
  const typers = offline ? [] : view.typing;
  // Kept among the rooms visited once the hub let it in (not an address that names no room).
  useEffect(() => {
    if (view.joined) remember(roomKey);
  }, [roomKey, view.joined]);
  // A person's data were erased: their name leaves the page now (the texts already read `[effacé]`), not at the TTL.
  const lastRedaction = findLastSeq(view.entries, REDACTION_KIND);
  useEffect(() => {
    if (lastRedaction !== undefined) rereadNames();
  }, [lastRedaction]);
  // The window drawn: the last FEED_WINDOW entries, and the pages of older ones revealed.
  const [shown, setShown] = useState(FEED_WINDOW);
  const from = windowStart(history.held.length, shown);
  const drawn = useMemo(() => history.held.slice(from), [history.held, from]);
  // Authors and the others the drawn entries name, by name once read (their id until then, or when unknown). The
  // signed-in operator or partner is no catalyseur: its own card is not asked for (it would answer 404).
  const notCatalyseurs = ownLabel(me) ? [me] : [];
  const present = presentShown(view.present, me);
  const presentNames = useCatalyseurNames(present.shown.filter((id) => !notCatalyseurs.includes(id)));
  const authorNames = useCatalyseurNames(
    [...typers, ...personIds(drawn, notCatalyseurs)].filter((id) => !notCatalyseurs.includes(id)),
    FEED_WINDOW + OLDER_PAGE,
  );
  // One naming for the whole page (presence, messages, typing, « Salon ouvert par … »): a catalyseur by its card, the
  // signed-in operator or partner by its role, anyone a feed entry gives a role by it, else the id.
  const roles = useMemo(() => rolesIn(history.held), [history.held]);
  const nameOf = useCallback(
    (id: string): string => authorNames.get(id) ?? presentNames.get(id) ?? ownLabel(id) ?? personLabel(id, roles.get(id)),
    [authorNames, presentNames, roles],
  );
  const [dismissals, setDismissals] = useState(0);
  const failed = useMemo(() => view.failed.filter((p) => !dismissed.has(p.clientMsgId)), [view.failed, dismissals]);
  const kept = useRef<ReadonlyMap<string, FeedRow>>(new Map());
  const rows = useMemo(() => {
    const next = keptRows(kept.current, feedRows(history.held, view.pending, failed, me, nameOf, from));
    kept.current = next.byKey;
    return next.rows;
  }, [history.held, view.pending, failed, me, nameOf, from]);
  const dismiss = useCallback((key: string) => {
    dismissed.add(key.replace(/^failed-/, ''));
    setDismissals((n) => n + 1);
  }, []);
  const [posted, setPosted] = useState(0);
  // A post given up without an answer, found absent from the feed by the reader: posted again (a new post, its own
  // clientMsgId), its failed row taken out.
  const resend = useCallback(
    (key: string, text: string) => {
      dismiss(key);
      post(text);
      setPosted((n) => n + 1);
    },
    [dismiss, post],
  );
  const older = useCallback(() => {
    setShown((n) => n + OLDER_PAGE);
    // Not held yet: read from the api (the revealed window then shows them).
    if (from < OLDER_PAGE) history.readOlder();
  }, [from, history.readOlder]);
  const refused = view.refusal ? refusalText(view.refusal.code, view.refusal.message) : undefined;
  // Refused (no such room, or not for this person): said instead of « Connexion au salon… » for ever.
  if (refused) return <RoomRefused text={refused} />;
  return (
    <section aria-label="Salon en direct" class="live-room">
      <div class="room-columns">
        <section aria-labelledby="presents-titre" class="presence">
          <h2 id="presents-titre">
            Présents ({view.present.length}){offline ? ', avant la coupure' : ''}
          </h2>
          <ul aria-label="Présents">
            {present.shown.map((who) => (
              <li key={who} title={who}>
                {nameOf(who)}
                {who === me ? ' (vous)' : ''}
              </li>
            ))}
            {present.others > 0 && <li class="others">{othersText(present.others)}</li>}
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
              Le fil du salon a été reconstruit par un opérateur et relu.
            </p>
          )}
          {/* A feed of facts (not a room's messages alone) says its order: its facts' dates may go back. */}
          {rows.some((row) => row.type === 'event') && <p class="hint feed-order">{feedOrderText(false)}</p>}
          <Feed
            rows={rows}
            hasOlder={from > 0 || history.more}
            loadingOlder={history.loading}
            {...(history.error ? { olderError: history.error } : {})}
            onOlder={older}
            posted={posted}
            onDismiss={dismiss}
            onResend={resend}
          />
          <p class="typing" aria-live="polite">
            {typers.length === 1 ? `${nameOf(typers[0] ?? '')} écrit…` : typers.length > 1 ? `${typers.map(nameOf).join(', ')} écrivent…` : ''}
          </p>
          {roomId && archived ? (
            <p class="hint">Ce salon est archivé : son historique se lit, on n’y écrit plus.</p>
          ) : roomId ? (
            <>
              <PostForm
                post={(text) => {
                  post(text);
                  setPosted((n) => n + 1);
                }}
                typing={typing}
              />
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

/** Why the room is not shown (`refusalText`), and the way back to the list: no presence, no feed, no form. */
function RoomRefused({ text }: { text: string }) {
  return (
    <section aria-label="Salon en direct" class="live-room">
      <p role="alert" class="error">
        {text} <a href="/salons">Voir vos salons</a>
      </p>
    </section>
  );
}

/** The seq of the last entry of `kind`, undefined when none. */
function findLastSeq(entries: readonly FeedEntry[], kind: string): number | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]?.kind === kind) return entries[i]?.seq;
  return undefined;
}
