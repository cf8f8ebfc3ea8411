/**
 * A date field in French whatever the browser's language: it shows and takes « 05/12/2026 » (jj/mm/aaaa, or a day
 * pasted as `2026-12-05`), says in French what is wrong with a day typed (under the field, and to the form's own
 * checks, so that a form is not sent with it), and hands its page the ISO day the api takes. A button beside it opens
 * the browser's calendar, whose choice is written back the French way (`french-date.ts` holds the pure part).
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import {
  type DayBounds,
  FRENCH_DAY_MAX_LENGTH,
  FRENCH_DAY_SHAPE,
  FRENCH_TIME_SHAPE,
  frenchDay,
  frenchTime,
  readFrenchDay,
  readFrenchTime,
} from './french-date';
import { FormResets } from './form-resets';

export interface DateFieldProps extends DayBounds {
  readonly id: string;
  readonly label: string;
  /** The ISO day, or empty. */
  readonly value: string;
  /**
   * Called with the ISO day as typed (empty: no day), and whether the text is one (false while it reads as no day of
   * the calendar: `iso` is then empty).
   */
  readonly onChange: (iso: string, valid: boolean) => void;
  readonly required?: boolean;
  /** A hint of the page's own under the field (the shape « jj/mm/aaaa » is always said). */
  readonly hint?: string;
  /** The field's class (`steer-field` in the forms). */
  readonly class?: string;
}

/**
 * A field typed the French way: its text kept as typed, the value handed to the page once it reads as one (`read`:
 * empty, or the problem said in French), and the page's own value written in when the page changes it, and after each
 * sending of its form accepted (`FormResets`): a text that reads as no day was handed on as empty, so a page that
 * empties the field once saved changes no value the field could see, and the text with its problem would stay.
 */
function useTypedField(
  value: string,
  shown: (value: string) => string,
  read: (typed: string) => { readonly value: string; readonly problem: string },
  onChange: (value: string, valid: boolean) => void,
) {
  const [text, setText] = useState(() => shown(value));
  // Shown once the person left the field after typing in it, or tried to send the form; not at the first digit
  // typed, nor for a required field merely tabbed through (empty, it is said when the form is sent).
  const [visible, setVisible] = useState(false);
  const typedOnce = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  // The last value handed to the page: a value that differs from it was set by the page (a form prefilled, a reset).
  const emitted = useRef(value);
  const resets = useContext(FormResets);
  const resetsSeen = useRef(resets);
  useEffect(() => {
    const reset = resets !== resetsSeen.current;
    resetsSeen.current = resets;
    if (value === emitted.current && !reset) return;
    emitted.current = value;
    setText(shown(value));
    // Written by the page (a form emptied after it was saved, prefilled): nothing the person typed to be told about.
    setVisible(false);
    typedOnce.current = false;
  }, [value, resets]);
  // The browser's own checks say it in French too (its bubble, and the form not sent).
  const current = read(text).problem;
  useEffect(() => input.current?.setCustomValidity(current), [current]);
  const take = (typed: string): void => {
    const next = read(typed);
    typedOnce.current = true;
    setText(typed);
    emitted.current = next.value;
    onChange(next.value, next.problem === '' || typed.trim() === '');
  };
  // Left after typing: shown from then on with its problem, or written the one way (« 5/1/2026 » → « 05/01/2026 »,
  // « 14h30 » → « 14:30 »). Left untouched: nothing said yet.
  const leave = (): void => {
    if (typedOnce.current) setVisible(true);
    const typed = read(text);
    if (typed.problem === '' && typed.value !== '') setText(shown(typed.value));
  };
  // The form sent (its checks found the field wrong): shown whatever was typed, an empty required field included.
  const reveal = (): void => setVisible(true);
  return { text, problem: visible ? current : '', input, take, leave, reveal };
}

export function DateField(props: DateFieldProps) {
  const { id, label, value, onChange, required = false, hint, min, max, maxName } = props;
  const bounds = { ...(min ? { min } : {}), ...(max ? { max } : {}), ...(maxName ? { maxName } : {}) };
  const picker = useRef<HTMLInputElement>(null);
  const field = useTypedField(
    value,
    frenchDay,
    (typed) => {
      const read = readFrenchDay(typed, bounds);
      if (read.kind === 'day') return { value: read.iso, problem: '' };
      if (read.kind === 'invalid') return { value: '', problem: read.problem };
      return { value: '', problem: required ? `Indiquez une date (${FRENCH_DAY_SHAPE}).` : '' };
    },
    onChange,
  );
  const { text, input, take, problem } = field;
  const hintId = `${id}-format`;
  const errorId = `${id}-erreur`;
  const visible = problem !== '';
  return (
    <div class={`date-field ${props.class ?? ''}`.trim()}>
      <label for={id}>{label}</label>
      <span class="date-entry">
        <input
          ref={input}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={FRENCH_DAY_SHAPE}
          maxLength={FRENCH_DAY_MAX_LENGTH}
          size={11}
          required={required}
          value={text}
          aria-invalid={visible}
          aria-describedby={visible ? `${errorId} ${hintId}` : hintId}
          onInput={(e) => take(e.currentTarget.value)}
          onBlur={field.leave}
          onInvalid={field.reveal}
        />
        <button
          type="button"
          class="secondary calendar"
          aria-label="Choisir dans le calendrier"
          title="Choisir dans le calendrier"
          onClick={() => {
            const el = picker.current;
            if (!el) return;
            if (typeof el.showPicker === 'function') el.showPicker();
            else el.click();
          }}
        >
          {/* A calendar drawn (no emoji font needed): its frame, its rings and its first row of days. */}
          <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5">
            <rect x="1.75" y="3" width="12.5" height="11" rx="1.5" />
            <path d="M1.75 6.5h12.5M5 1.5v3M11 1.5v3" />
            <path d="M4.5 9h1M7.5 9h1M10.5 9h1M4.5 11.5h1M7.5 11.5h1" stroke-linecap="round" />
          </svg>
        </button>
        {/* The browser's calendar, out of sight: its choice is written in the field above, the French way. */}
        <input
          ref={picker}
          type="date"
          class="date-picker"
          tabIndex={-1}
          aria-hidden="true"
          value={value}
          min={min}
          max={max}
          onChange={(e) => {
            take(frenchDay(e.currentTarget.value));
            field.reveal();
            input.current?.focus();
          }}
        />
      </span>
      <small id={hintId} class="hint">
        {hint ? `${hint} ` : ''}Format : {FRENCH_DAY_SHAPE}
      </small>
      {visible && (
        <small id={errorId} class="error field-error" role="alert">
          {problem}
        </small>
      )}
    </div>
  );
}

/**
 * A time in French whatever the browser's language: « 14:30 » on the 24-hour clock (an English time field shows
 * 02:30 PM), « 14h30 » taken too; the page gets `hh:mm`, or empty for none.
 */
export function TimeField(props: { id: string; label: string; value: string; onChange: (hhmm: string) => void; required?: boolean; class?: string }) {
  const { id, label, value, onChange, required = false } = props;
  const field = useTypedField(
    value,
    frenchTime,
    (typed) => {
      const read = readFrenchTime(typed);
      if (read.kind === 'time') return { value: read.hhmm, problem: '' };
      if (read.kind === 'invalid') return { value: '', problem: read.problem };
      return { value: '', problem: required ? `Indiquez une heure (${FRENCH_TIME_SHAPE}).` : '' };
    },
    (hhmm) => onChange(hhmm),
  );
  const hintId = `${id}-format`;
  const errorId = `${id}-erreur`;
  const visible = field.problem !== '';
  return (
    <div class={`date-field ${props.class ?? ''}`.trim()}>
      <label for={id}>{label}</label>
      <span class="date-entry">
        <input
          ref={field.input}
          id={id}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          placeholder={FRENCH_TIME_SHAPE}
          maxLength={8}
          size={6}
          required={required}
          value={field.text}
          aria-invalid={visible}
          aria-describedby={visible ? `${errorId} ${hintId}` : hintId}
          onInput={(e) => field.take(e.currentTarget.value)}
          onBlur={field.leave}
          onInvalid={field.reveal}
        />
      </span>
      <small id={hintId} class="hint">
        Format : {FRENCH_TIME_SHAPE} (24 h)
      </small>
      {visible && (
        <small id={errorId} class="error field-error" role="alert">
          {field.problem}
        </small>
      )}
    </div>
  );
}
