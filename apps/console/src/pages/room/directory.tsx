/**
 * The Salons page without a room: the rooms the signed-in person may enter (`GET /api/rooms`:
 * the open ones and their own; a partner's partnerships' rooms), filtered by kind, each opening
 * its live page; then the wide feeds (the network's, the operators', a partnership's) and the
 * rooms visited before.
 */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useGetPage } from '../../api';
import { getSession } from '../../session';
import { Async } from '../../ui/common';
import { useQueryFilters } from '../../ui/query-filters';
import { DataTable } from '../../ui/table';
import { FLAG_ON, offsetOf, pageOf } from '../../ui/url-query';
import { ROOM_KINDS, roomKindChoices, roomListStatus } from './kinds';

export { ROOM_KINDS } from './kinds';

/** A room's card as `GET /api/rooms` lists it. */
export interface RoomCard {
  readonly id: string;
  readonly kind: string;
  readonly subject?: string;
  readonly title: string;
  readonly access: 'open' | 'members';
  readonly members: readonly string[];
  readonly archived: boolean;
}

const ACCESS: Record<string, string> = { open: 'Ouvert', members: 'Réservé aux membres' };

const LIMIT = 25;

/** Where a room is shown: `/salons/<key>` (the key encoded, `room:…` has a colon). */
export const roomPath = (key: string): string => `/salons/${encodeURIComponent(key)}`;

export function RoomDirectory() {
  const me = getSession();
  // Operators may enter any room, but their list holds the open rooms and their own, as everyone's; a partner opens
  // only its partnerships' rooms.
  const kinds = roomKindChoices(me?.role);
  // `/salons?type=theme&archives=oui&page=2`: the filters kept in the address.
  const [filters, setFilters] = useQueryFilters({
    kind: { name: 'type', type: { kind: 'choice', values: kinds.map(([k]) => k) } },
    archived: { name: 'archives', type: { kind: 'flag' } },
    page: { name: 'page', type: { kind: 'page', size: LIMIT } },
  });
  const { kind } = filters;
  const archived = filters.archived === FLAG_ON;
  const offset = offsetOf(filters.page, LIMIT);
  const setOffset = (next: number): void => setFilters({ page: pageOf(next, LIMIT) });
  const list = useGetPage<RoomCard>('/api/rooms', { kind: kind || undefined, archived: archived ? 'true' : undefined, limit: LIMIT, offset });
  return (
    <section aria-labelledby="h-salons">
      <h2 id="h-salons">Vos salons</h2>
      <p class="hint">
        {me?.role === 'partner'
          ? 'Les salons de vos partenariats et ceux où vous avez été invité.'
          : 'Les salons ouverts et ceux dont vous êtes membre. Choisissez-en un pour y entrer.'}
      </p>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Filtres des salons">
        <div>
          <label for="s-kind">Type de salon</label>
          <select id="s-kind" value={kind} onChange={(e) => setFilters({ kind: e.currentTarget.value, page: '' })}>
            <option value="">tous</option>
            {kinds.map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div class="check">
          <input
            id="s-archived"
            type="checkbox"
            checked={archived}
            onChange={(e) => setFilters({ archived: e.currentTarget.checked ? FLAG_ON : '', page: '' })}
          />
          <label for="s-archived">Salons archivés</label>
        </div>
      </form>
      <Async state={list} what="les salons">
        {(page) => (
          <>
            <p role="status">{roomListStatus({ total: page.total, offset: page.offset, shown: page.items.length }, archived, LIMIT)}</p>
            {/* An empty list is said once, above (not again by the table). */}
            {page.items.length > 0 && (
              <DataTable
                caption="Salons"
                empty="Aucun salon."
                hideCaption
                rows={page.items}
                columns={[
                  { key: 'title', header: 'Salon', cell: (r) => <a href={roomPath(`room:${r.id}`)}>{r.title}</a> },
                  { key: 'kind', header: 'Type', cell: (r) => ROOM_KINDS[r.kind] ?? r.kind },
                  {
                    key: 'access',
                    header: 'Accès',
                    cell: (r) => `${ACCESS[r.access] ?? r.access}${me && r.members.includes(me.sub) ? ' · vous en êtes membre' : ''}`,
                  },
                  { key: 'members', header: 'Membres', numeric: true, cell: (r) => r.members.length.toLocaleString('fr-FR') },
                ]}
              />
            )}
            {page.total > LIMIT && (
              <nav class="pager" aria-label="Pages des salons">
                <button type="button" class="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
                  Précédents
                </button>{' '}
                <button type="button" class="secondary" disabled={offset + LIMIT >= page.total} onClick={() => setOffset(offset + LIMIT)}>
                  Suivants
                </button>
              </nav>
            )}
          </>
        )}
      </Async>
    </section>
  );
}

/** A partnership, as the feed chooser lists it. */
interface PartnershipRef {
  readonly id: string;
  readonly title: string;
}

/** The wide feeds a role may follow: the network's, the operators', a partnership's (chosen in a list). */
export function FeedChooser() {
  const { route } = useLocation();
  const session = getSession();
  const role = session?.role;
  // A catalyseur follows the feeds of the partnerships it accompanies (docs/adr/0025-who-accompanies-a-partnership.md).
  // The first 200, whole (the api cuts a page of large boards short).
  const partnerships = useGetPage<PartnershipRef>(
    '/api/partnerships',
    role === 'catalyseur' && session ? { limit: 200, offset: 0, catalyseur: session.sub } : { limit: 200, offset: 0 },
  );
  const [partnership, setPartnership] = useState('');
  const sorted = [...(partnerships.data?.items ?? [])].sort((a, b) => a.title.localeCompare(b.title, 'fr'));
  const chosen = partnership || sorted[0]?.id || '';
  return (
    <section aria-labelledby="h-fils" class="room-chooser">
      <h2 id="h-fils">Fils en direct</h2>
      <p class="hint">Ces fils suivent ce qui se passe, en lecture seule.</p>
      {role !== 'partner' && (
        <ul class="feed-links">
          <li>
            <a href={roomPath('network')}>Le salon du réseau</a>
          </li>
          {role === 'operator' && (
            <li>
              <a href={roomPath('ops')}>Le salon des opérateurs</a>
            </li>
          )}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (chosen) route(roomPath(`partnership:${chosen}`));
        }}
      >
        <label for="fil-partenariat">Le fil d’un partenariat</label>
        <select id="fil-partenariat" value={chosen} onChange={(e) => setPartnership(e.currentTarget.value)} disabled={sorted.length === 0}>
          {sorted.length === 0 && <option value="">{partnerships.loading ? 'chargement…' : 'aucun partenariat'}</option>}
          {sorted.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={sorted.length === 0}>
          Suivre ce fil
        </button>
      </form>
    </section>
  );
}
