/**
 * The as-of picker: a date (empty: today) and the clock it is read on (ADR 0014). It offers no day
 * after today (`max`): as-of reads what was, and the api refuses a later date (400 VALIDATION on
 * `asOf`, which the page tells in French: « la date de référence ne peut pas être dans le futur »). The date is typed
 * and shown the French way whatever the browser's language (`DateField`: jj/mm/aaaa); a day that is not one (« 31/02 »)
 * is said under it and not read: the page keeps the last day it could read. A day the page takes from elsewhere (a
 * link, back or forward, the navigation's « Réseau ») empties such a text, as a form's fields are after a sending, and
 * so does any navigation while the field holds one, the page's day unchanged (« Réseau » on a page with no day:
 * `as-of-field.ts`).
 */
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { asOfField, withPage, withTyped } from './as-of-field';
import { DateField } from './date-field';
import { FormResets } from './form-resets';
import { asOfHint, networkToday } from './words';

export interface AsOf {
  /** `YYYY-MM-DD`, or empty for now. */
  readonly date: string;
  readonly clock: 'happened' | 'recorded';
}

/**
 * Whether a click follows a link of the console, as its router (preact-iso) takes it: a plain click on a link of this
 * origin, not to a place in the page nor to another window, nor a download. The address may stay the same (« Réseau »
 * on `/reseau`): the router then renders nothing again, and its location says nothing of it.
 */
function followsLink(e: MouseEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.button !== 0) return false;
  const link = e.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement && el.href !== '');
  const href = link?.getAttribute('href') ?? '';
  return link !== undefined && link.origin === location.origin && !href.startsWith('#') && /^(_?self)?$/i.test(link.target) && !link.hasAttribute('download');
}

/** How many navigations happened while the picker is shown: a link of the console followed (`followsLink`), back or forward. */
function useNavigations(): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    const moved = (): void => setCount((n) => n + 1);
    const clicked = (e: MouseEvent): void => {
      if (followsLink(e)) moved();
    };
    addEventListener('click', clicked);
    addEventListener('popstate', moved);
    return () => {
      removeEventListener('click', clicked);
      removeEventListener('popstate', moved);
    };
  }, []);
  return count;
}

export function AsOfPicker({
  value,
  onChange,
  idPrefix = 'asof',
  refused = false,
}: {
  value: AsOf;
  onChange: (v: AsOf) => void;
  idPrefix?: string;
  /** The page's read at this date was refused or failed (a day after today): the hint does not claim it was read. */
  refused?: boolean;
}) {
  // The resets of a form around the picker, if any, and the picker's own: the page's day set from elsewhere, or a
  // navigation while the field holds a text that read as no day.
  const outer = useContext(FormResets);
  const navigation = useNavigations();
  const field = useRef(asOfField(value.date, navigation));
  field.current = withPage(field.current, value.date, navigation);
  return (
    <>
      <FormResets.Provider value={outer + field.current.resets}>
        <DateField
          id={`${idPrefix}-date`}
          label="À la date du"
          value={value.date}
          max={networkToday()}
          maxName="aujourd’hui"
          hint={asOfHint(value.date, refused)}
          onChange={(date, valid) => {
            field.current = withTyped(field.current, date, valid);
            if (valid) onChange({ ...value, date });
          }}
        />
      </FormResets.Provider>
      <fieldset>
        <legend>Horloge</legend>
        {(
          [
            ['happened', 'ce qui s’était passé'],
            ['recorded', 'ce qui était enregistré'],
          ] as const
        ).map(([clock, text]) => (
          <span key={clock}>
            <input
              type="radio"
              id={`${idPrefix}-${clock}`}
              name={`${idPrefix}-clock`}
              checked={value.clock === clock}
              onChange={() => onChange({ ...value, clock })}
            />{' '}
            <label for={`${idPrefix}-${clock}`}>{text}</label>
          </span>
        ))}
      </fieldset>
    </>
  );
}
