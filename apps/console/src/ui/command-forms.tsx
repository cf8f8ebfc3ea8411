/**
 * The one way the console's pages send commands from forms (a partnership's steering, a gathering's life, an
 * organisation's page): each form keeps one Idempotency-Key until it is answered (a double click records once), one
 * command at a time on a page (its buttons disabled while one is sent or awaited), and once the api accepted it the
 * page is read again until it shows it (`shows`), or says it will in a moment; a refusal is said in French by the
 * page's own words for its rules (`refusal`).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiGet, type CommandAccepted, type Result } from '../api';
import { type ErrorLike, unanswered, UNANSWERED_RETRY } from './errors';
import { FormResets } from './form-resets';
import { resubmitted, type Said, type Saying, sayOwn } from './said';

/** How often, and how many times, a page is read again to see an accepted command. */
export const POLL_MS = 300;
export const POLL_TRIES = 20;

/**
 * What came of a sending: `true` accepted, `false` refused (answered: nothing recorded), `undefined` not answered
 * (no answer, or the service failing): it may have been recorded, so the form keeps its Idempotency-Key for a retry.
 */
export type Sent = boolean | undefined;

export type { Said } from './said';

/** What the forms of a page show of the one sending: busy (sending or awaiting the page), its refusal, its success. */
export interface CommandState {
  readonly busy: boolean;
  readonly error: Said;
  readonly done: Said;
}

export interface CommandForms<X> extends CommandState {
  /**
   * Sends `request` for `form` (nothing while another is under way: false); once accepted, the page is read until
   * it shows `expected(accepted)`. True once accepted, false when refused, undefined when not answered (`Sent`).
   */
  readonly send: (form: string, request: () => Promise<Result<CommandAccepted>>, expected: (accepted: CommandAccepted) => X) => Promise<Sent>;
  /**
   * Sends a creation for `form` as `send` does (the same guard, refusals and unanswered requests), then hands the
   * accepted command to `open` (which reads the new document, then goes to its page) instead of reading this page.
   */
  readonly create: (form: string, request: () => Promise<Result<CommandAccepted>>, open: (accepted: CommandAccepted) => Promise<void>) => Promise<Sent>;
  /** What a form says without sending (a check of its own before the api's). */
  readonly say: (form: string, text: string) => void;
}

export function useCommandForms<V, X>(options: {
  /** The page's document as last read. */
  readonly view: V;
  readonly reload: () => void;
  /** Whether the page shows what the command expected. */
  readonly shows: (view: V, expected: X) => boolean;
  /** The api's refusal in French. */
  readonly refusal: (error: ErrorLike) => string;
  /** What is read again: « la page », « le tableau de bord ». */
  readonly page: string;
}): CommandForms<X> {
  const { view, reload, shows, refusal, page } = options;
  const [sending, setSending] = useState(false);
  const [waiting, setWaiting] = useState<{ form: string; expected: X; tries: number } | null>(null);
  const [error, setError] = useState<Said>(null);
  const [done, setDone] = useState<Said>(null);
  // A second click before the page is drawn again finds it sending.
  const inFlight = useRef(false);
  useEffect(() => {
    if (!waiting) return;
    if (shows(view, waiting.expected)) {
      setWaiting(null);
      setDone({ form: waiting.form, text: 'Enregistré.' });
      return;
    }
    if (waiting.tries > POLL_TRIES) {
      setWaiting(null);
      setDone({ form: waiting.form, text: `Enregistré ; ${page} se mettra à jour dans un instant.` });
      return;
    }
    const timer = setTimeout(() => {
      reload();
      setWaiting((w) => w && { ...w, tries: w.tries + 1 });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [waiting, view]);
  // Sends `request` for `form`, then `accepted` with the api's answer: the one path of every form's command.
  const sendThen = async (
    form: string,
    request: () => Promise<Result<CommandAccepted>>,
    accepted: (value: CommandAccepted) => Promise<void>,
  ): Promise<Sent> => {
    if (inFlight.current) return false;
    inFlight.current = true;
    setSending(true);
    setError(null);
    setDone(null);
    try {
      const r = await request();
      if (!r.ok && unanswered(r.error)) {
        setError({ form, text: `${refusal(r.error)} ${UNANSWERED_RETRY}` });
        return undefined;
      }
      if (!r.ok) {
        setError({ form, text: `Rien n’a été enregistré. ${refusal(r.error)}` });
        return false;
      }
      await accepted(r.value);
      return true;
    } catch {
      setError({ form, text: `Le serveur ne répond pas (hors ligne ?). ${UNANSWERED_RETRY}` });
      return undefined;
    } finally {
      inFlight.current = false;
      setSending(false);
    }
  };
  const send: CommandForms<X>['send'] = (form, request, expected) =>
    sendThen(form, request, async (value) => {
      reload();
      setWaiting({ form, expected: expected(value), tries: 1 });
    });
  const create: CommandForms<X>['create'] = (form, request, open) => sendThen(form, request, open);
  const say: CommandForms<X>['say'] = (form, text) => {
    setDone(null);
    setError({ form, text });
  };
  return { send, create, say, busy: sending || waiting !== null, error, done };
}

/** The forms of a page that creates a document (no document of its own to read again): `create` only. */
export function useCreateForms(refusal: (error: ErrorLike) => string): CommandForms<never> {
  return useCommandForms<null, never>({ view: null, reload: () => undefined, shows: () => true, refusal, page: 'la page' });
}

/** Waits until the read side has a document created at `revision` (the api waits up to 2 s each time it is asked). */
export async function untilRead(path: string, revision: number): Promise<void> {
  for (let tries = 0; tries < POLL_TRIES; tries++) {
    if ((await apiGet(path, { minRevision: revision })).ok) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A form's key: the same for every sending until one is answered (accepted or refused), then a new one (`keyOfSending` joins it to the body). */
function useFormKey(): { readonly key: () => string; readonly renew: () => void } {
  const key = useRef(crypto.randomUUID());
  return { key: () => key.current, renew: () => void (key.current = crypto.randomUUID()) };
}

/** One form: its heading, fields, button, and what came of its last sending (`state`, for the form named `name`). */
export function CommandForm(props: {
  /** The form's name among the page's (`state.error.form`), and its heading's id: `h-{idPrefix}-{name}`. */
  readonly name: string;
  readonly idPrefix: string;
  readonly title: string;
  readonly hint?: ComponentChildren;
  readonly submit: string;
  readonly state: CommandState;
  /** Sends with the form's key; the key is renewed once answered (accepted or refused), kept when not (`Sent`). */
  readonly onSubmit: (key: string) => Promise<Sent>;
  readonly children?: ComponentChildren;
  readonly disabled?: boolean;
  /** The id of a heading around it that names it: the form then has no heading of its own. */
  readonly labelledBy?: string;
  readonly level?: 2 | 3;
}) {
  const { name, idPrefix, title, hint, submit, state, onSubmit, children, disabled, labelledBy, level = 3 } = props;
  const { key, renew } = useFormKey();
  // What the page's forms said before this one opened is not this form's: a milestone's « Atteint » opened after its
  // « Replanifier » succeeded (the same form name) starts with no status, not « Enregistré. » of the other.
  // Submitted again (sent, or stopped by the browser's own checks of its fields), it no longer shows what it said
  // last: a refusal stays only beside the attempt it answers.
  const [before, setBefore] = useState<Saying>(() => resubmitted(state));
  // Each sending accepted: its page may have reset the fields, which then show the page's values again (`FormResets`).
  const [accepted, setAccepted] = useState(0);
  const said = sayOwn(name, before, state);
  const heading = labelledBy ?? `h-${idPrefix}-${name}`;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <form
      class="steer-form"
      aria-labelledby={heading}
      onInvalidCapture={() => setBefore(resubmitted(state))}
      onSubmit={(e) => {
        e.preventDefault();
        setBefore(resubmitted(state));
        void onSubmit(key()).then((sent) => {
          if (sent !== undefined) renew();
          if (sent === true) setAccepted((n) => n + 1);
        });
      }}
    >
      {!labelledBy && <Heading id={heading}>{title}</Heading>}
      {hint && <p class="hint">{hint}</p>}
      <FormResets.Provider value={accepted}>{children}</FormResets.Provider>
      <button type="submit" disabled={state.busy || disabled}>
        {submit}
      </button>
      {said.error && (
        <p role="alert" class="error">
          {said.error}
        </p>
      )}
      {said.done && (
        <p role="status" class="ok">
          {said.done}
        </p>
      )}
    </form>
  );
}

/** A page's own form component: `CommandForm` with its heading ids' prefix set and the page's state as `acting`. */
export type PageFormProps = Omit<Parameters<typeof CommandForm>[0], 'idPrefix' | 'state'> & { readonly acting: CommandState };
