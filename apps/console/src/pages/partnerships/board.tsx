/** A partnership's board, its timeline, and an as-of slider over the days of its life that replays it. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { apiGet, assignCatalyseur, useGet } from '../../api';
import type { Loaded } from '../../api';
import { useSession } from '../../session';
import { Async, date, errorText, Field, label, MODES, numberText, OBJECTIVES, Page, PHASES, SPHERES } from '../../ui/common';
import { LiveNote, useLiveReload } from '../../ui/live';
import { useCatalyseurNames } from '../../ui/names';
import { useQueryFilters } from '../../ui/query-filters';
import type { QuerySpec } from '../../ui/url-query';
import { DataTable } from '../../ui/table';
import { actionsOf, networkToday, steererOf } from './steer';
import { MilestoneActForm, MilestoneButtons, type MilestoneAct, SteeringPanel, useSteering } from './steering';
import { cycleImpacts, measureText, replayDay, replayDays, replayHint } from './rows';
import { chronologyShown } from './refused';
import { happenedDay, type NameOf, Timeline } from './timeline';
import type { Board, RecordedEvent } from './types';
import { POLL_MS, POLL_TRIES } from '../../ui/command-forms';

const MILESTONES: Record<string, string> = { planned: 'Planifié', reached: 'Atteint', dropped: 'Abandonné', rescheduled: 'Replanifié' };

/**
 * Who accompanies the partnership; a catalyseur may take up one nobody accompanies (it assigns
 * itself). The read model follows the command: the board is read again until it names the catalyseur.
 */
function Accompanying({ b, id, today, reload }: { b: Board; id: string; today: boolean; reload: () => void }) {
  const session = useSession();
  const catalyseurs = b.catalyseurs ?? [];
  const names = useCatalyseurNames(catalyseurs);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (tries === 0) return;
    if (session && catalyseurs.includes(session.sub)) return setTries(0);
    if (tries > POLL_TRIES) return setTries(0);
    const timer = setTimeout(() => {
      reload();
      setTries((n) => n + 1);
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [tries, b]);
  const take = async (): Promise<void> => {
    if (!session) return;
    setBusy(true);
    setError('');
    const r = await assignCatalyseur(id, session.sub);
    setBusy(false);
    if (!r.ok) return setError(`L’accompagnement n’a pas été enregistré. ${errorText(r.error)}`);
    reload();
    setTries(1);
  };
  return (
    <section class="card" aria-labelledby="h-accompanying">
      <h2 id="h-accompanying">Accompagnement</h2>
      {catalyseurs.length === 0 ? (
        <p class="empty">Aucun catalyseur n’accompagne ce partenariat.</p>
      ) : (
        <>
          <p>Accompagné par :</p>
          <ul>
            {catalyseurs.map((c) => (
              <li key={c}>
                {names.get(c) ? `${names.get(c)} (${c})` : c}
                {session?.sub === c ? ' — vous' : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {session?.role === 'catalyseur' && catalyseurs.length === 0 && today && b.phase !== 'closed' && (
        <div class="accompany">
          <button type="button" disabled={busy || tries > 0} onClick={() => void take()}>
            Accompagner ce partenariat
          </button>
          <p class="hint">Vous en deviendrez le catalyseur : vous pourrez agir sur lui et entrer dans son salon.</p>
        </div>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}

function BoardView({ b, id, today, reload }: { b: Board; id: string; today: boolean; reload: () => void }) {
  const session = useSession();
  // Steered from today's board only (not as of a day past), while it is not closed, by those who may act on it.
  const steerer = today && b.phase !== 'closed' ? steererOf(session, b) : null;
  const steering = useSteering(id, b, reload);
  const [chosen, setChosen] = useState<MilestoneAct | null>(null);
  const acting = steerer !== null && actionsOf(b.phase).includes('milestone-actions');
  const chosenMilestone = acting && chosen ? b.milestones.find((m) => m.milestoneId === chosen.milestoneId) : undefined;
  return (
    <>
      <dl class="fields">
        <Field name="Phase">
          <span class="badge">{label(PHASES, b.phase)}</span>
        </Field>
        <Field name="Cycle">{b.cycle}</Field>
        <Field name="Territoire">{b.territory.name}</Field>
        <Field name="Modes">{b.modes.map((m) => label(MODES, m)).join(', ')}</Field>
        <Field name="Proposé le">{date(b.proposedAt)}</Field>
        <Field name="Jalons en retard">{b.lateMilestones ?? 0}</Field>
      </dl>
      <Accompanying b={b} id={id} today={today} reload={reload} />
      {steerer && <SteeringPanel b={b} steerer={steerer} steering={steering} />}
      <div class="columns">
        <section class="card" aria-labelledby="h-partners">
          <h2 id="h-partners">Partenaires et objectifs</h2>
          <ul>
            {b.partners.map((p) => (
              <li key={p.orgId}>
                <strong>{p.name}</strong> ({label(SPHERES, p.sphere)}) :{' '}
                {(b.objectives[p.orgId] ?? []).map((o) => label(OBJECTIVES, o)).join(', ') || 'objectifs à convenir'}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="h-conclusions">
          <h2 id="h-conclusions">Évaluations et impacts</h2>
          {b.conclusions.length === 0 && <p class="empty">Aucune évaluation conclue.</p>}
          {/* Each concluded cycle with the scores it was concluded on, then the cycle under way's so far. */}
          {cycleImpacts(b).map((c) => (
            <div key={c.cycle} class="cycle-impacts">
              {c.heading ? <p class="cycle-heading">{c.heading}</p> : <p class="cycle-heading">Cycle {c.cycle} en cours</p>}
              {c.lines.length > 0 ? (
                <ul>
                  {c.lines.map((l) => (
                    <li key={l.dimension}>{l.text}</li>
                  ))}
                </ul>
              ) : (
                <p class="hint">Aucun impact évalué dans ce cycle.</p>
              )}
            </div>
          ))}
        </section>
      </div>
      <h2>Jalons</h2>
      <DataTable
        caption="Jalons"
        empty="Aucun jalon planifié pour l’instant."
        hideCaption
        rows={b.milestones}
        columns={[
          { key: 'title', header: 'Jalon', cell: (m) => m.title },
          { key: 'cycle', header: 'Cycle', numeric: true, cell: (m) => m.cycle },
          { key: 'due', header: 'Échéance', cell: (m) => date(m.dueDate) },
          { key: 'status', header: 'État', cell: (m) => label(MILESTONES, m.status) + (m.late ? ' (en retard)' : '') },
          { key: 'reached', header: 'Atteint le', cell: (m) => date(m.reachedOn) },
          ...(acting
            ? [
                {
                  key: 'actions',
                  header: 'Suivi',
                  cell: (m: Board['milestones'][number]) => <MilestoneButtons m={m} phase={b.phase} steering={steering} onChoose={setChosen} />,
                },
              ]
            : []),
        ]}
      />
      {chosen && chosenMilestone && (
        <MilestoneActForm
          key={`${chosen.milestoneId}-${chosen.act}`}
          m={chosenMilestone}
          act={chosen.act}
          steering={steering}
          onClose={() => setChosen(null)}
        />
      )}
      {acting && steering.done?.form === 'milestone' && (
        <p role="status" class="ok">
          Jalon enregistré.
        </p>
      )}
      <h2>Comités de pilotage</h2>
      <DataTable
        caption="Comités de pilotage"
        empty="Aucun comité de pilotage tenu pour l’instant."
        hideCaption
        rows={b.committees}
        columns={[
          { key: 'held', header: 'Tenu le', cell: (c) => date(c.heldOn) },
          { key: 'attendees', header: 'Présents', cell: (c) => c.attendees.map((a) => partnerName(b, a) ?? a).join(', ') },
          { key: 'decisions', header: 'Décisions', cell: (c) => c.decisions.join(' ; ') },
        ]}
      />
      <h2>Indicateurs</h2>
      <DataTable
        caption="Indicateurs"
        empty="Aucun indicateur mesuré pour l’instant."
        hideCaption
        rows={b.indicators}
        columns={[
          { key: 'name', header: 'Indicateur', cell: (i) => i.name },
          { key: 'value', header: 'Valeur', numeric: true, cell: (i) => measureText(i.value, i.unit) },
          { key: 'target', header: 'Cible', numeric: true, cell: (i) => (i.target === undefined ? '—' : numberText(i.target)) },
          { key: 'on', header: 'Mesuré le', cell: (i) => date(i.measuredOn) },
        ]}
      />
    </>
  );
}

/**
 * Every recorded event of the partnership, page after page; `reload` reads those recorded since the last one held.
 * Reads run one after the other, so an event read by two reloads close together is added once.
 */
function usePartnershipEvents(id: string): Loaded<{ items: RecordedEvent[] }> {
  const [state, setState] = useState<Omit<Loaded<{ items: RecordedEvent[] }>, 'reload'>>({ loading: true });
  const reader = useMemo(() => {
    const items: RecordedEvent[] = [];
    let queue = Promise.resolve();
    let stopped = false;
    const readSince = async (): Promise<void> => {
      for (;;) {
        const after = items.at(-1)?.revision;
        const r = await apiGet<{ items: RecordedEvent[]; more: boolean }>(`/api/partnerships/${encodeURIComponent(id)}/events`, { after, limit: 500 });
        if (stopped) return;
        if (!r.ok) return setState({ loading: false, error: r.error });
        items.push(...r.value.items);
        if (!r.value.more || r.value.items.length === 0) return setState({ loading: false, data: { items: [...items] } });
      }
    };
    const read = (): void => {
      queue = queue.then(readSince).catch((e: unknown) => {
        if (!stopped) setState({ loading: false, error: { status: 0, code: 'NETWORK', message: String(e) } });
      });
    };
    return { read, stop: () => void (stopped = true) };
  }, [id]);
  useEffect(() => {
    setState({ loading: true });
    reader.read();
    return reader.stop;
  }, [reader]);
  return { ...state, reload: reader.read };
}

/**
 * The partnership's feed once the signed-in person may follow it (the hub judges by the same board): partners and
 * operators who read the page may; a catalyseur only once it accompanies the partnership (`catalyseur-of-partnership`),
 * so one who takes it up joins then. Kept while the slider shows a day it did not accompany it yet.
 */
function useFeedKey(id: string, board: Loaded<Board>, today: boolean): string | null {
  const session = useSession();
  const [followed, setFollowed] = useState<string | null>(null);
  const now = today && !board.loading ? board.data : undefined;
  const may = now !== undefined && (session?.role !== 'catalyseur' || (now.catalyseurs ?? []).includes(session.sub));
  useEffect(() => {
    if (may) setFollowed(id);
  }, [may, id]);
  return may || followed === id ? `partnership:${id}` : null;
}

/** Names for the chronology: the catalyseurs its events name (their cards), the partners (the board). */
function useNameOf(events: readonly RecordedEvent[], board: Board | undefined): NameOf {
  const ids = useMemo(
    () =>
      events.flatMap((e) =>
        (e.type === 'CatalyseurAssigned' || e.type === 'CatalyseurReleased') && typeof e.data['catalyseurId'] === 'string' ? [e.data['catalyseurId']] : [],
      ),
    [events],
  );
  const catalyseurs = useCatalyseurNames(ids);
  return useCallback((id: string) => catalyseurs.get(id) ?? partnerName(board, id) ?? id, [catalyseurs, board]);
}

/** A partner's name as the board has it. */
function partnerName(board: Board | undefined, orgId: string): string | undefined {
  return board?.partners.find((p) => p.orgId === orgId)?.name;
}

/** `?au=2011-06-30`: the day the slider shows (none: today). */
const REPLAY: QuerySpec<'day'> = { day: { name: 'au', type: { kind: 'day', max: () => networkToday() } } };

export function PartnershipPage({ id }: { id: string }) {
  const events = usePartnershipEvents(id);
  // The days before today: today is the slider's last position (« aujourd’hui »), once even when something happened today.
  const days = useMemo(() => {
    const items = events.data?.items ?? [];
    const proposed = items.find((e) => e.type === 'PartnershipProposed');
    return replayDays(items.map(happenedDay), proposed ? happenedDay(proposed) : undefined, networkToday());
  }, [events.data]);
  // The day shown, in the address (`/partenariats/flda-cg-ardeche?au=2011-06-30`): a reload or a link shared shows it.
  // Read at once (the board can be read as of any day); once the chronology is read, a day between two of the
  // slider's is shown as the last of them before it (the same board: nothing happened in between), and a day before
  // its proposal (no board yet: the api's 404) as its first day (`replayDay`).
  const [{ day }, setFilters] = useQueryFilters(REPLAY);
  const known = events.data !== undefined;
  const snapped = replayDay(day, days);
  const asOf = day && (!known || snapped === day) ? day : null;
  useEffect(() => {
    if (known && day && snapped !== day) setFilters({ day: snapped });
  }, [known, day, snapped]);
  /** An index into `days`, or `days.length` for today. */
  const index = asOf ? days.indexOf(asOf) : days.length;
  const setAt = (i: number): void => setFilters({ day: i < days.length ? (days[i] ?? '') : '' });
  const board = useGet<Board>(`/api/partnerships/${encodeURIComponent(id)}`, asOf ? { asOf, clock: 'happened' } : undefined);
  const title = board.data?.title ?? 'Partenariat';
  // Anything new in its feed (an assignment, a milestone…): the board and the chronology are read again.
  const reload = useCallback(() => {
    board.reload();
    events.reload();
  }, [board.reload, events.reload]);
  const feed = useFeedKey(id, board, asOf === null);
  const live = useLiveReload(feed, reload);
  const nameOf = useNameOf(events.data?.items ?? [], board.data);
  return (
    <Page title={title} lead={<a href="/partenariats">← Tous les partenariats</a>}>
      {days.length > 0 && (
        <div class="toolbar">
          <div style={{ flex: 1 }}>
            <label for="replay">Rejouer sa vie : {asOf ? `au ${date(asOf)}` : 'aujourd’hui'}</label>
            <input
              id="replay"
              class="slider"
              type="range"
              min={0}
              max={days.length}
              step={1}
              value={index}
              aria-valuetext={asOf ? date(asOf) : 'aujourd’hui'}
              onInput={(e) => setAt(Number(e.currentTarget.value))}
            />
            <p class="hint">{replayHint(days)}</p>
          </div>
        </div>
      )}
      <Async state={board} what="le tableau de bord">
        {(b) => (
          <>
            <LiveNote
              state={live}
              off={
                asOf
                  ? `Vue au ${date(asOf)} : la page ne suit pas le direct.`
                  : feed === null
                    ? 'Pas de suivi en direct : il est réservé aux catalyseurs qui accompagnent ce partenariat.'
                    : undefined
              }
            />
            <BoardView b={b} id={id} today={asOf === null} reload={board.reload} />
          </>
        )}
      </Async>
      {chronologyShown(board.error, events.error) && (
        <>
          <h2>Chronologie</h2>
          <Async state={events} what="la chronologie">
            {(e) => <Timeline events={[...e.items].sort((a, b) => happenedDay(a).localeCompare(happenedDay(b)))} until={asOf} nameOf={nameOf} />}
          </Async>
        </>
      )}
    </Page>
  );
}
