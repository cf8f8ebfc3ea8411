/**
 * Acting on organisations from the console, for catalyseurs and operators (`actorOf`): registering one (on the list,
 * here), and on its page updating its profile, recording its alliance strategy, opening an accompaniment
 * (./acting-panel.tsx) and, on an open accompaniment one holds (an operator: any), holding a session, recording the
 * maturity seen, closing it (./accompaniment-forms.tsx). Each form sends its command with its own Idempotency-Key (a
 * double click records once), its button disabled while it is sent; once accepted, the page is read again until it
 * shows the command (`shows`), and a refusal is said in French (`organisationErrorText`). As the steering of a
 * partnership (../partnerships/steering.tsx). This file holds what the forms share: the sending, the form and its fields.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { type CommandAccepted, httpClient, type Result } from '../../api';
import { keyOfSending } from '../../ui/form-keys';
import { CommandForm, type CommandState, type PageFormProps, type Sent, untilRead, useCommandForms, useCreateForms } from '../../ui/command-forms';
import { OBJECTIVES, SPHERES } from '../../ui/common';
import { DateField } from '../../ui/date-field';
import type { PlaceOption } from '../../ui/places';
import { networkToday, SIZES } from '../../ui/words';
import { type AccompanimentRow, type Expected, type Profile, registrationBody, type RegistrationForm, shows, slugOf } from './act';
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
export function ActForm({ acting, ...form }: PageFormProps) {
  return <CommandForm idPrefix="act" state={acting} {...form} />;
}

export function Text(props: {
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

export function LongText({
  id,
  label: text,
  value,
  onChange,
  rows = 2,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  rows?: number;
}) {
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <textarea id={id} rows={rows} required maxLength={2000} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}

/** A day of a form, typed and shown the French way (jj/mm/aaaa) whatever the browser's language; none after today. */
export function Day({ id, label: text, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return <DateField class="steer-field" id={id} label={text} value={value} onChange={onChange} max={networkToday()} maxName="aujourd’hui" required />;
}

/** A choice among the domain's words, by their French labels (`pick`: the empty first option, when nothing is chosen yet). */
export function Choice(props: {
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

export function Objectives({ id, chosen, onChange }: { id: string; chosen: readonly string[]; onChange: (v: readonly string[]) => void }) {
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

/** An organisation's nature, size, territory and SIREN/RNA: the same fields to register one and to update its profile. */
export function ProfileFields(props: {
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
