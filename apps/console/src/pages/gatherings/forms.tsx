/**
 * Running a gathering from the console, as a partnership is steered from its board (`partnerships/steering.tsx`):
 * « Programmer une rencontre » on the list, and on a gathering's page the commands its status allows (`act.ts`), for
 * catalyseurs and operators. Each form sends its command with its own Idempotency-Key, kept until it is answered (a
 * double click records once), every button waiting while a command is sent; once accepted, the gathering is read
 * again until it is at the command's revision, and a refusal is said in French (`gatheringErrorText`).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type CommandAccepted, httpClient, type Result } from '../../api';
import { CommandForm, type CommandState, type PageFormProps, type Sent, untilRead, useCommandForms, useCreateForms } from '../../ui/command-forms';
import { keyOfSending } from '../../ui/form-keys';
import { date, SPHERES } from '../../ui/common';
import { DateField, TimeField } from '../../ui/date-field';
import { PlacePicker, useTerritories } from '../../ui/places';
import { GATHERING_KINDS, networkToday, ofName } from '../../ui/words';
import { actionsOf, holdable, hoursText, participantIdFor, reflects, rescheduleBody, rescheduleProblem, scheduleBody, type ScheduleForm, venueOf } from './act';
import { Input, Reason } from './fields';
import { gatheringErrorText, type RefusalContext } from './refusals';
import type { Gathering, Registration } from './types';

export type { Gathering, Registration } from './types';

/** `POST /api/gatherings[/{id}/{command}]` with the form's Idempotency-Key. */
function send(path: string, body: unknown, idempotencyKey: string): Promise<Result<CommandAccepted>> {
  return httpClient().command<CommandAccepted>(path, body, { idempotencyKey: keyOfSending(idempotencyKey, body) });
}

/** What one form's sending looks like to the others: which form sends or waits for the gathering, its refusal, its success. */
export interface Acting extends CommandState {
  readonly send: (form: string, command: string, body: unknown, idempotencyKey: string) => Promise<Sent>;
}

/** The commands on one gathering: sent, then the gathering read again until it shows them. */
export function useActing(g: Gathering, reload: () => void): Acting {
  const context: RefusalContext = useMemo(() => ({ participantName: (p) => g.registrations?.[p]?.name }), [g]);
  const forms = useCommandForms<Gathering, number>({
    view: g,
    reload,
    shows: reflects,
    refusal: (error) => gatheringErrorText(error, context),
    page: 'la page',
  });
  const act: Acting['send'] = (form, command, body, idempotencyKey) =>
    forms.send(
      form,
      () => send(`/gatherings/${encodeURIComponent(g.gatheringId)}/${command}`, body, idempotencyKey),
      (accepted) => accepted.revision,
    );
  return { send: act, busy: forms.busy, error: forms.error, done: forms.done };
}

/** One form: its heading, fields, button, and what came of its last sending. */
function ActForm({ acting, ...form }: PageFormProps) {
  return <CommandForm idPrefix="gathering" state={acting} {...form} />;
}

// ─── Programmer une rencontre ───────────────────────────────────────────────

const EMPTY: ScheduleForm = {
  kind: 'atelier',
  theme: '',
  date: '',
  time: '',
  endTime: '',
  online: false,
  place: '',
  link: '',
  capacity: '',
  territoryId: '',
  organiser: '',
};

/**
 * « Programmer une rencontre » (`POST /api/gatherings`): once accepted, the gathering is read until the read model
 * has it, then its page opens.
 */
export function ScheduleGatheringForm({ onClose }: { onClose: () => void }) {
  const { route } = useLocation();
  const territories = useTerritories();
  const [form, setForm] = useState<ScheduleForm>(EMPTY);
  const forms = useCreateForms(gatheringErrorText);
  const set =
    <K extends keyof ScheduleForm>(k: K) =>
    (v: ScheduleForm[K]) =>
      setForm((f) => ({ ...f, [k]: v }));
  const venue = venueOf(form.kind);
  const online = venue === 'link' || (venue === 'either' && form.online);
  // Its page opens once the read model has the gathering.
  const submit = (key: string): Promise<Sent> =>
    forms.create(
      'schedule',
      () => send('/gatherings', scheduleBody(form), key),
      async ({ id, revision }) => {
        await untilRead(`/api/gatherings/${encodeURIComponent(id)}`, revision);
        route(`/rencontres/${encodeURIComponent(id)}`);
      },
    );
  return (
    <section class="card steering" aria-labelledby="h-schedule">
      <h2 id="h-schedule">Programmer une rencontre</h2>
      <ActForm
        name="schedule"
        title="Programmer une rencontre"
        labelledBy="h-schedule"
        hint="Un atelier, une conférence ou une rencontre annuelle a lieu sur place ; un webinaire en ligne (celui du réseau le troisième jeudi du mois) ; un speed dating, l’un ou l’autre."
        submit="Programmer la rencontre"
        acting={forms}
        onSubmit={submit}
      >
        <div class="steer-row">
          <div class="steer-field">
            <label for="g-kind">Type</label>
            <select id="g-kind" value={form.kind} onChange={(e) => set('kind')(e.currentTarget.value)}>
              {Object.entries(GATHERING_KINDS).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <Input id="g-theme" label="Thème" value={form.theme} onChange={set('theme')} required maxLength={200} />
        </div>
        <div class="steer-row">
          <DateField class="steer-field" id="g-date" label="Date" value={form.date} onChange={set('date')} required />
          <TimeField class="steer-field" id="g-time" label="Heure de début" value={form.time} onChange={set('time')} />
          <TimeField class="steer-field" id="g-end" label="Heure de fin" value={form.endTime} onChange={set('endTime')} />
        </div>
        {venue === 'either' && (
          <fieldset class="steer-choices">
            <legend>Où</legend>
            <div class="check">
              <input id="g-onsite" type="radio" name="g-venue" checked={!form.online} onChange={() => set('online')(false)} />
              <label for="g-onsite">Sur place</label>
            </div>
            <div class="check">
              <input id="g-online" type="radio" name="g-venue" checked={form.online} onChange={() => set('online')(true)} />
              <label for="g-online">En ligne</label>
            </div>
          </fieldset>
        )}
        <div class="steer-row">
          {online ? (
            <Input id="g-link" label="Lien (https://…)" type="url" value={form.link} onChange={set('link')} required maxLength={500} />
          ) : (
            <Input id="g-place" label="Lieu" value={form.place} onChange={set('place')} required maxLength={200} />
          )}
          <Input id="g-capacity" label="Capacité (facultatif)" type="number" min="1" value={form.capacity} onChange={set('capacity')} />
        </div>
        <div class="steer-row">
          <div class="steer-field">
            <PlacePicker
              id="g-territory"
              label="Territoire"
              all="aucun en particulier"
              value={form.territoryId}
              options={territories}
              onChange={set('territoryId')}
            />
          </div>
          <Input id="g-organiser" label="Organisée hors du réseau par (facultatif)" value={form.organiser} onChange={set('organiser')} maxLength={200} />
        </div>
      </ActForm>
      <button type="button" class="secondary" onClick={onClose}>
        Fermer
      </button>
    </section>
  );
}

// ─── On a gathering's page ──────────────────────────────────────────────────

function RegisterForm({ acting }: { acting: Acting }) {
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [sphere, setSphere] = useState('association');
  const [orgId, setOrgId] = useState('');
  return (
    <ActForm
      name="register"
      title="Inscrire un participant"
      submit="Inscrire"
      acting={acting}
      onSubmit={async (key) => {
        const body = {
          participantId: participantIdFor(name),
          name: name.trim(),
          organisation: organisation.trim(),
          sphere,
          ...(orgId.trim() ? { orgId: orgId.trim() } : {}),
        };
        const ok = await acting.send('register', 'register', body, key);
        if (ok) {
          setName('');
          setOrganisation('');
          setOrgId('');
        }
        return ok;
      }}
    >
      <Input id="g-reg-name" label="Nom" value={name} onChange={setName} required maxLength={200} />
      <Input id="g-reg-org" label="Organisation" value={organisation} onChange={setOrganisation} required maxLength={200} />
      <div class="steer-row">
        <div class="steer-field">
          <label for="g-reg-sphere">Sphère</label>
          <select id="g-reg-sphere" value={sphere} onChange={(e) => setSphere(e.currentTarget.value)}>
            {Object.entries(SPHERES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <Input id="g-reg-orgid" label="Identifiant de l’organisation (facultatif)" value={orgId} onChange={setOrgId} maxLength={100} />
      </div>
    </ActForm>
  );
}

function RescheduleForm({ g, acting }: { g: Gathering; acting: Acting }) {
  const [on, setOn] = useState(g.date);
  const [time, setTime] = useState(g.time ?? '');
  // The form holds the gathering as it will be: its current times, a time emptied is removed.
  const [endTime, setEndTime] = useState(g.endTime ?? '');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const hours = hoursText(g.time, g.endTime);
  return (
    <ActForm
      name="reschedule"
      title="Reprogrammer"
      hint={`Prévue le ${date(g.date)}${hours ? `, ${hours}` : ''}. Une heure laissée vide est retirée.`}
      submit="Reprogrammer"
      acting={acting}
      onSubmit={async (key) => {
        const form = { date: on, time, endTime, reason };
        const refused = rescheduleProblem(form);
        setProblem(refused ?? '');
        if (refused) return false;
        const ok = await acting.send('reschedule', 'reschedule', rescheduleBody(form), key);
        if (ok) setReason('');
        return ok;
      }}
    >
      <div class="steer-row">
        <DateField class="steer-field" id="g-move-date" label="Nouvelle date" value={on} onChange={setOn} required />
        <TimeField class="steer-field" id="g-move-time" label="Heure de début" value={time} onChange={setTime} />
        <TimeField class="steer-field" id="g-move-end" label="Heure de fin" value={endTime} onChange={setEndTime} />
      </div>
      <Reason id="g-move-reason" value={reason} onChange={setReason} />
      {problem && (
        <p role="alert" class="error">
          {problem}
        </p>
      )}
    </ActForm>
  );
}

function HoldForm({ g, acting }: { g: Gathering; acting: Acting }) {
  const [heldOn, setHeldOn] = useState(g.date);
  useEffect(() => setHeldOn(g.date), [g.date]);
  return (
    <ActForm
      name="hold"
      title="Marquer la rencontre tenue"
      hint="Une fois qu’elle a eu lieu, à sa date : les inscriptions se closent, les présences s’enregistrent."
      submit="Marquer tenue"
      acting={acting}
      onSubmit={(key) => acting.send('hold', 'hold', { heldOn }, key)}
    >
      <DateField class="steer-field" id="g-hold-on" label="Tenue le" value={heldOn} onChange={setHeldOn} required />
    </ActForm>
  );
}

function CancelForm({ acting }: { acting: Acting }) {
  const [reason, setReason] = useState('');
  return (
    <ActForm
      name="cancel"
      title="Annuler la rencontre"
      hint="Plus rien ne pourra y être enregistré."
      submit="Annuler la rencontre"
      acting={acting}
      onSubmit={(key) => acting.send('cancel', 'cancel', { reason: reason.trim() }, key)}
    >
      <Reason id="g-cancel-reason" value={reason} onChange={setReason} />
    </ActForm>
  );
}

/** The sign-in sheet: the standing registrations, those already recorded present checked (and kept). */
function AttendanceForm({ g, acting }: { g: Gathering; acting: Acting }) {
  const standing = Object.entries(g.registrations ?? {}).filter(([, r]) => !r.cancelled);
  const [present, setPresent] = useState<readonly string[]>([]);
  const fresh = present.filter((p) => !g.registrations?.[p]?.attended);
  // The domain only adds people present: a box once recorded stays checked, and the sheet says why.
  const recorded = standing.some(([, r]) => r.attended === true);
  return (
    <ActForm
      name="attendance"
      title="Enregistrer les présences"
      hint={
        standing.length === 0
          ? 'Personne n’était inscrit.'
          : recorded
            ? 'Cochez les participants présents. Une présence enregistrée ne se retire pas.'
            : 'Cochez les participants présents.'
      }
      submit="Enregistrer les présences"
      acting={acting}
      disabled={fresh.length === 0}
      onSubmit={async (key) => {
        const ok = await acting.send('attendance', 'record-attendance', { participantIds: fresh }, key);
        if (ok) setPresent([]);
        return ok;
      }}
    >
      {standing.length > 0 && (
        <fieldset class="steer-choices">
          <legend>Présents</legend>
          {standing.map(([id, r]) => (
            <div class="check" key={id}>
              <input
                id={`g-present-${id}`}
                type="checkbox"
                checked={r.attended === true || present.includes(id)}
                disabled={r.attended === true}
                onChange={(e) => setPresent(e.currentTarget.checked ? [...present, id] : present.filter((p) => p !== id))}
              />
              <label for={`g-present-${id}`}>
                {r.name}
                {r.organisation ? ` (${r.organisation})` : ''}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    </ActForm>
  );
}

/** The form of a registration chosen in the participants' table: its cancellation, with an optional reason. */
export function CancelRegistrationForm({ id, r, acting, onClose }: { id: string; r: Registration; acting: Acting; onClose: () => void }) {
  const [reason, setReason] = useState('');
  return (
    <div class="card milestone-act">
      <ActForm
        name="cancel-registration"
        title={`Annuler l’inscription ${ofName(r.name)}`}
        submit="Annuler l’inscription"
        acting={acting}
        onSubmit={async (key) => {
          const ok = await acting.send(
            'cancel-registration',
            'cancel-registration',
            { participantId: id, ...(reason.trim() ? { reason: reason.trim() } : {}) },
            key,
          );
          if (ok) onClose();
          return ok;
        }}
      >
        <Reason id="g-unreg-reason" value={reason} onChange={setReason} required={false} text="Motif (facultatif)" />
      </ActForm>
      <button type="button" class="secondary" onClick={onClose}>
        Fermer
      </button>
    </div>
  );
}

/** The panel of the commands the gathering's status allows. */
export function GatheringActions({ g, acting }: { g: Gathering; acting: Acting }) {
  const actions = actionsOf(g.status);
  // A command that changed the status (held, cancelled) took its form away: what came of it is said here.
  const shown: Record<string, boolean> = {
    register: actions.includes('register'),
    hold: actions.includes('hold'),
    attendance: actions.includes('record-attendance'),
    reschedule: actions.includes('reschedule'),
    cancel: actions.includes('cancel'),
    'cancel-registration': true,
  };
  const gone = acting.done && !shown[acting.done.form] ? acting.done : null;
  const goneText = gone && (gone.form === 'hold' ? 'Rencontre marquée tenue.' : gone.form === 'cancel' ? 'Rencontre annulée.' : gone.text);
  // A cancelled gathering allows nothing more: the panel goes, what came of the cancel stays said.
  if (actions.length === 0) {
    return goneText ? (
      <p role="status" class="ok">
        {goneText}
      </p>
    ) : null;
  }
  const has = (a: (typeof actions)[number]): boolean => actions.includes(a);
  // Held on its own date, never after today (the decider): before its day, the card says when instead of a form
  // whose every sending would be refused.
  const heldSoon = has('hold') && !holdable(g.date, networkToday());
  const lead =
    g.status === 'held'
      ? `Tenue le ${date(g.heldOn ?? g.date)} : les présences s’enregistrent.`
      : heldSoon
        ? `Programmée le ${date(g.date)} : on s’y inscrit, elle peut être reprogrammée ou annulée. Elle pourra être marquée tenue à partir du ${date(g.date)}, le jour venu.`
        : `Programmée le ${date(g.date)} : on s’y inscrit, elle peut être reprogrammée ou annulée, et marquée tenue maintenant que son jour est venu.`;
  return (
    <section class="card steering" aria-labelledby="h-gathering-actions">
      <h2 id="h-gathering-actions">Faire vivre la rencontre</h2>
      <p class="hint">{lead}</p>
      <div class="steer-grid">
        {has('register') && <RegisterForm acting={acting} />}
        {has('hold') && !heldSoon && <HoldForm g={g} acting={acting} />}
        {has('record-attendance') && <AttendanceForm g={g} acting={acting} />}
        {has('reschedule') && <RescheduleForm g={g} acting={acting} />}
        {has('cancel') && <CancelForm acting={acting} />}
      </div>
      {goneText && (
        <p role="status" class="ok">
          {goneText}
        </p>
      )}
    </section>
  );
}
