/**
 * Acting on organisations from the console, for catalyseurs and operators (`actorOf`): registering one (on the list),
 * and on its page updating its profile, recording its alliance strategy, opening an accompaniment and, on an open
 * accompaniment one holds (an operator: any), holding a session, recording the maturity seen, closing it. Each form
 * sends its command with its own Idempotency-Key (a double click records once), its button disabled while it is
 * sent; once accepted, the page is read again until it shows the command (`shows`), and a refusal is said in French
 * (`organisationErrorText`). As the steering of a partnership (../partnerships/steering.tsx).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type CommandAccepted, httpClient, type Result, useGet } from '../../api';
import { keyOfSending } from '../../ui/form-keys';
import { CommandForm, type CommandState, type PageFormProps, type Sent, untilRead, useCommandForms, useCreateForms } from '../../ui/command-forms';
import { OBJECTIVES, SPHERES } from '../../ui/common';
import { DateField } from '../../ui/date-field';
import type { PlaceOption } from '../../ui/places';
import { ACCOMPANIMENT_OUTCOMES, localToday, MATURITIES, quoted, SIZES } from '../../ui/words';
import {
  type AccompanimentRow,
  type Actor,
  type Expected,
  profileChanges,
  type Profile,
  registrationBody,
  type RegistrationForm,
  shows,
  slugOf,
  topicsOf,
} from './act';
import { organisationErrorText } from './refusals';

/** A command (`POST /api/…`) with the Idempotency-Key of the form that sends it. */
function command(path: string, body: unknown, idempotencyKey: string): Promise<Result<CommandAccepted>> {
  return httpClient().command<CommandAccepted>(path.replace(/^\/api(?=\/)/, ''), body, { idempotencyKey: keyOfSending(idempotencyKey, body) });
}

/** What one form's sending looks like to the others: which form sends or waits for the page, its refusal, its success. */
export interface Acting extends CommandState {
  /** Sends `body` to `path` for `form`; once accepted, the page is read until it shows `expected(accepted)`. True once accepted. */
  readonly send: (form: string, path: string, body: unknown, key: string, expected: (accepted: CommandAccepted) => Expected) => Promise<Sent>;
  /** What a form says without sending (nothing to send). */
  readonly say: (form: string, text: string) => void;
}

/** The page as these forms read it. */
export interface ActedView extends Profile {
  readonly organisationId: string;
  readonly revision: number | string;
  readonly strategy?: { readonly maturity: string; readonly objectiveFamilies: readonly string[]; readonly recordedOn: string };
  readonly accompaniments: readonly (AccompanimentRow & { readonly purpose: string })[];
}

export function useActing(view: ActedView, reload: () => void, me: string | undefined, catalyseurName: (id: string) => string | undefined): Acting {
  const forms = useCommandForms<ActedView, Expected>({
    view,
    reload,
    shows,
    refusal: (error) => organisationErrorText(error, { me, catalyseurName }),
    page: 'la page',
  });
  const send: Acting['send'] = (form, path, body, key, expected) => forms.send(form, () => command(path, body, key), expected);
  return { send, say: forms.say, busy: forms.busy, error: forms.error, done: forms.done };
}

/** One form: its heading, fields, button, and what came of its last sending. */
function ActForm({ acting, ...form }: PageFormProps) {
  return <CommandForm idPrefix="act" state={acting} {...form} />;
}

function Text(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  hint?: string;
  max?: number;
  wide?: boolean;
}) {
  const { id, label: text, value, onChange, required = true, hint, max = 200, wide } = props;
  return (
    <div class={wide ? 'steer-field wide' : 'steer-field'}>
      <label for={id}>{text}</label>
      <input
        id={id}
        type="text"
        required={required}
        maxLength={max}
        value={value}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

function LongText({ id, label: text, value, onChange, rows = 2 }: { id: string; label: string; value: string; onChange: (v: string) => void; rows?: number }) {
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <textarea id={id} rows={rows} required maxLength={2000} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}

/** A day of a form, typed and shown the French way (jj/mm/aaaa) whatever the browser's language; none after today. */
function Day({ id, label: text, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return <DateField class="steer-field" id={id} label={text} value={value} onChange={onChange} max={localToday()} maxName="aujourd’hui" required />;
}

/** A choice among the domain's words, by their French labels (`pick`: the empty first option, when nothing is chosen yet). */
function Choice(props: {
  id: string;
  label: string;
  value: string;
  options: Record<string, string> | readonly PlaceOption[];
  onChange: (v: string) => void;
  pick?: string;
}) {
  const { id, label: text, value, options, onChange, pick } = props;
  const entries = Array.isArray(options) ? (options as readonly PlaceOption[]).map((o) => [o.value, o.label] as const) : Object.entries(options);
  const known = value === '' || entries.some(([k]) => k === value);
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <select id={id} required value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {pick !== undefined && <option value="">{pick}</option>}
        {!known && <option value={value}>{value}</option>}
        {entries.map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </div>
  );
}

function Objectives({ id, chosen, onChange }: { id: string; chosen: readonly string[]; onChange: (v: readonly string[]) => void }) {
  return (
    <fieldset class="steer-choices">
      <legend>Objectifs recherchés</legend>
      {Object.entries(OBJECTIVES).map(([k, v]) => (
        <div class="check" key={k}>
          <input
            id={`${id}-${k}`}
            type="checkbox"
            checked={chosen.includes(k)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...chosen.filter((c) => c !== k), k] : chosen.filter((c) => c !== k))}
          />
          <label for={`${id}-${k}`}>{v}</label>
        </div>
      ))}
    </fieldset>
  );
}

// ─── Registering an organisation (the list) ────────────────────────────────

/** « Enregistrer une organisation »: once accepted and readable, its page opens. */
export function RegisterForm({ territories, onCancel }: { territories: readonly PlaceOption[]; onCancel: () => void }) {
  const { route } = useLocation();
  const [form, setForm] = useState<RegistrationForm>({ id: '', name: '', kind: '', size: '', territory: '', registryNumber: '' });
  // The id follows the name (« Centre social de Privas » → centre-social-de-privas) until it is typed.
  const [idTyped, setIdTyped] = useState(false);
  const forms = useCreateForms((error) => organisationErrorText(error));
  const set = (field: keyof RegistrationForm) => (value: string) =>
    setForm((f) => ({ ...f, [field]: value, ...(field === 'name' && !idTyped ? { id: slugOf(value) } : {}) }));
  // Its page once the read model has it.
  const submit = (key: string): Promise<Sent> =>
    forms.create(
      'register',
      () => command('/api/organisations', registrationBody(form), key),
      async ({ id, revision }) => {
        await untilRead(`/api/organisations/${encodeURIComponent(id)}`, revision);
        route(`/organisations/${encodeURIComponent(id)}`);
      },
    );
  const incomplete = !form.id.trim() || !form.name.trim() || !form.kind || !form.size || !form.territory;
  return (
    <section class="card act-register">
      <ActForm
        name="register"
        level={2}
        title="Enregistrer une organisation"
        hint="Son identifiant la désigne partout dans Catalyse (partenariats, mises en relation, rencontres) : il ne change plus ensuite."
        submit="Enregistrer l’organisation"
        acting={forms}
        disabled={incomplete}
        onSubmit={submit}
      >
        <div class="act-fields">
          <Text id="org-name" label="Nom" value={form.name} onChange={set('name')} wide />
          <Text
            id="org-id"
            label="Identifiant"
            value={form.id}
            max={100}
            hint="Lettres sans accent, chiffres, tirets (ex. csc-privas)."
            onChange={(v) => {
              setIdTyped(true);
              set('id')(v);
            }}
          />
          <ProfileFields idPrefix="org" form={form} set={set} territories={territories} registering />
        </div>
      </ActForm>
      <button type="button" class="secondary" onClick={onCancel}>
        Annuler
      </button>
    </section>
  );
}

/** An organisation's nature, size, territory and SIREN/RNA: the same fields to register one and to update its profile. */
function ProfileFields(props: {
  idPrefix: string;
  form: Pick<RegistrationForm, 'kind' | 'size' | 'territory' | 'registryNumber'>;
  set: (field: 'kind' | 'size' | 'territory' | 'registryNumber') => (value: string) => void;
  territories: readonly PlaceOption[];
  /** A new organisation: nothing chosen yet (« choisir… »), the number said optional. */
  registering?: boolean;
}) {
  const { idPrefix, form, set, territories, registering = false } = props;
  const pick = registering ? { pick: 'choisir…' } : {};
  return (
    <>
      <Choice id={`${idPrefix}-kind`} label="Nature" value={form.kind} options={SPHERES} onChange={set('kind')} {...pick} />
      <Choice id={`${idPrefix}-size`} label="Taille" value={form.size} options={SIZES} onChange={set('size')} {...pick} />
      <Choice id={`${idPrefix}-territory`} label="Territoire" value={form.territory} options={territories} onChange={set('territory')} {...pick} />
      <Text
        id={`${idPrefix}-registry`}
        label={registering ? 'N° SIREN ou RNA (facultatif)' : 'N° SIREN ou RNA'}
        value={form.registryNumber}
        required={false}
        max={20}
        hint="SIREN : 9 chiffres ; RNA : W suivi de 9 chiffres."
        onChange={set('registryNumber')}
      />
    </>
  );
}

// ─── On an organisation's page ─────────────────────────────────────────────

function ProfileForm({ o, territories, acting }: { o: ActedView; territories: readonly PlaceOption[]; acting: Acting }) {
  const initial = (): Omit<RegistrationForm, 'id'> => ({
    name: o.name,
    kind: o.kind,
    size: o.size,
    territory: o.territoryId,
    registryNumber: o.registryNumber ?? '',
  });
  const [form, setForm] = useState(initial);
  // The page read again (live, or after a command): the form shows the profile as it is now.
  useEffect(() => setForm(initial()), [o.revision]);
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  return (
    <ActForm
      name="profile"
      title="Mettre à jour le profil"
      submit="Enregistrer le profil"
      acting={acting}
      onSubmit={async (key) => {
        const changes = profileChanges(o, form);
        if (Object.keys(changes).length === 0) {
          acting.say('profile', 'Rien n’a changé : modifiez au moins un élément du profil.');
          return false;
        }
        return acting.send('profile', `/api/organisations/${encodeURIComponent(o.organisationId)}/update-profile`, changes, key, (a) => ({
          kind: 'organisation',
          revision: a.revision,
        }));
      }}
    >
      <Text id="profile-name" label="Nom" value={form.name} onChange={set('name')} />
      <ProfileFields idPrefix="profile" form={form} set={set} territories={territories} />
    </ActForm>
  );
}

function StrategyForm({ o, acting }: { o: ActedView; acting: Acting }) {
  const [maturity, setMaturity] = useState(o.strategy?.maturity ?? '');
  const [chosen, setChosen] = useState<readonly string[]>(o.strategy?.objectiveFamilies ?? []);
  const [on, setOn] = useState(localToday());
  return (
    <ActForm
      name="strategy"
      title="Enregistrer la stratégie d’alliance"
      hint="Elle remplace la stratégie en vigueur."
      submit="Enregistrer la stratégie"
      acting={acting}
      disabled={maturity === '' || chosen.length === 0}
      onSubmit={(key) =>
        acting.send(
          'strategy',
          `/api/organisations/${encodeURIComponent(o.organisationId)}/record-strategy`,
          { maturity, objectiveFamilies: chosen, recordedOn: on },
          key,
          (a) => ({ kind: 'organisation', revision: a.revision }),
        )
      }
    >
      <Choice id="strategy-maturity" label="Maturité" value={maturity} options={MATURITIES} onChange={setMaturity} pick="choisir…" />
      <Objectives id="strategy-objective" chosen={chosen} onChange={setChosen} />
      <Day id="strategy-on" label="Enregistrée le" value={on} onChange={setOn} />
    </ActForm>
  );
}

interface CatalyseurCard {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
  readonly territory?: string;
}

function OpenForm({ o, actor, acting }: { o: ActedView; actor: Actor; acting: Acting }) {
  const [purpose, setPurpose] = useState('');
  const [on, setOn] = useState(localToday());
  const [catalyseur, setCatalyseur] = useState('');
  // An operator names the catalyseur (a member of the network); a catalyseur opens in its own name.
  const directory = useGet<{ readonly items: readonly CatalyseurCard[] }>(actor.role === 'operator' ? '/api/catalyseurs' : null, { limit: 200 });
  const members = useMemo(
    () =>
      (directory.data?.items ?? [])
        .filter((c) => c.status !== 'left')
        .map((c) => ({ value: c.id, label: c.territory === o.territoryId ? `${c.name} (de son territoire)` : c.name }))
        .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
    [directory.data, o.territoryId],
  );
  return (
    <ActForm
      name="open"
      title="Ouvrir un accompagnement"
      hint={
        actor.role === 'catalyseur'
          ? 'Vous accompagnerez l’organisation : l’accompagnement est ouvert en votre nom.'
          : 'Préparer l’organisation aux partenariats.'
      }
      submit="Ouvrir l’accompagnement"
      acting={acting}
      disabled={actor.role === 'operator' && catalyseur === ''}
      onSubmit={async (key) => {
        const body = {
          organisationId: o.organisationId,
          purpose: purpose.trim(),
          openedOn: on,
          ...(actor.role === 'operator' ? { catalyseurId: catalyseur } : {}),
        };
        const ok = await acting.send('open', '/api/accompaniments', body, key, (a) => ({ kind: 'opened', accompanimentId: a.id }));
        if (ok) setPurpose('');
        return ok;
      }}
    >
      <LongText id="open-purpose" label="Objet de l’accompagnement" value={purpose} onChange={setPurpose} />
      {actor.role === 'operator' && (
        <Choice id="open-catalyseur" label="Catalyseur" value={catalyseur} options={members} onChange={setCatalyseur} pick="choisir…" />
      )}
      <Day id="open-on" label="Ouvert le" value={on} onChange={setOn} />
    </ActForm>
  );
}

/** The forms of an organisation's page, for catalyseurs and operators. */
export function ActingPanel({ o, actor, territories, acting }: { o: ActedView; actor: Actor; territories: readonly PlaceOption[]; acting: Acting }) {
  return (
    <section class="card steering" aria-labelledby="h-acting">
      <h2 id="h-acting">Agir pour l’organisation</h2>
      <div class="steer-grid">
        <ProfileForm o={o} territories={territories} acting={acting} />
        <StrategyForm o={o} acting={acting} />
        <OpenForm o={o} actor={actor} acting={acting} />
      </div>
    </section>
  );
}

// ─── An accompaniment's acts ───────────────────────────────────────────────

export type AccompanimentAct = { readonly accompanimentId: string; readonly act: 'session' | 'maturity' | 'close' };

/** The buttons of an accompaniment's row one acts on. */
export function AccompanimentButtons({
  a,
  acting,
  onChoose,
}: {
  a: AccompanimentRow & { purpose: string };
  acting: Acting;
  onChoose: (c: AccompanimentAct) => void;
}) {
  const button = (act: AccompanimentAct['act'], text: string) => (
    <button type="button" class="secondary small" disabled={acting.busy} onClick={() => onChoose({ accompanimentId: a.accompanimentId, act })}>
      {text}
      <span class="sr-only"> : {a.purpose}</span>
    </button>
  );
  return (
    <div class="row-actions">
      {button('session', 'Séance')}
      {button('maturity', 'Maturité')}
      {button('close', 'Clore')}
    </div>
  );
}

/** The form of the act chosen on an accompaniment's row. */
export function AccompanimentActForm({
  a,
  act,
  acting,
  onClose,
}: {
  a: AccompanimentRow & { purpose: string };
  act: AccompanimentAct['act'];
  acting: Acting;
  onClose: () => void;
}) {
  const [on, setOn] = useState(localToday());
  const [topics, setTopics] = useState('');
  const [summary, setSummary] = useState('');
  const [maturity, setMaturity] = useState(a.maturity ?? '');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const path = (command: string): string => `/api/accompaniments/${encodeURIComponent(a.accompanimentId)}/${command}`;
  const id = a.accompanimentId;
  const titles = { session: 'Tenir une séance', maturity: 'Constater la maturité', close: 'Clore l’accompagnement' };
  const submits = { session: 'Enregistrer la séance', maturity: 'Enregistrer la maturité', close: 'Clore l’accompagnement' };
  const send = (key: string): Promise<Sent> => {
    const sent =
      act === 'session'
        ? acting.send('accompaniment', path('hold-session'), { heldOn: on, topics: topicsOf(topics), summary: summary.trim() }, key, () => ({
            kind: 'session',
            accompanimentId: id,
            sessions: a.sessionCount + 1,
          }))
        : act === 'maturity'
          ? acting.send('accompaniment', path('record-maturity'), { maturity, objectiveFamilies: chosen, recordedOn: on }, key, () => ({
              kind: 'maturity',
              accompanimentId: id,
              maturity,
            }))
          : acting.send('accompaniment', path('close'), { outcome, reason: reason.trim(), closedOn: on }, key, () => ({ kind: 'closed', accompanimentId: id }));
    return sent.then((ok) => {
      if (ok) onClose();
      return ok;
    });
  };
  return (
    <div class="card milestone-act">
      <ActForm
        name="accompaniment"
        title={`${titles[act]} ${quoted(a.purpose)}`}
        submit={submits[act]}
        acting={acting}
        disabled={(act === 'maturity' && (maturity === '' || chosen.length === 0)) || (act === 'close' && outcome === '')}
        onSubmit={send}
      >
        {act === 'session' && (
          <>
            <Day id="acc-on" label="Tenue le" value={on} onChange={setOn} />
            <LongText id="acc-topics" label="Sujets abordés (un par ligne)" value={topics} onChange={setTopics} rows={3} />
            <LongText id="acc-summary" label="Ce qui en est ressorti" value={summary} onChange={setSummary} rows={3} />
          </>
        )}
        {act === 'maturity' && (
          <>
            <Choice id="acc-maturity" label="Maturité constatée" value={maturity} options={MATURITIES} onChange={setMaturity} pick="choisir…" />
            <Objectives id="acc-objective" chosen={chosen} onChange={setChosen} />
            <Day id="acc-on" label="Constatée le" value={on} onChange={setOn} />
          </>
        )}
        {act === 'close' && (
          <>
            <fieldset class="steer-choices">
              <legend>Issue</legend>
              {Object.entries(ACCOMPANIMENT_OUTCOMES).map(([k, v]) => (
                <div class="check" key={k}>
                  <input id={`acc-outcome-${k}`} type="radio" name="acc-outcome" value={k} checked={outcome === k} onChange={() => setOutcome(k)} />
                  <label for={`acc-outcome-${k}`}>{v}</label>
                </div>
              ))}
            </fieldset>
            <LongText id="acc-reason" label="Motif" value={reason} onChange={setReason} />
            <Day id="acc-on" label="Clos le" value={on} onChange={setOn} />
          </>
        )}
      </ActForm>
      <button type="button" class="secondary" onClick={onClose}>
        Annuler
      </button>
    </div>
  );
}
