/**
 * The as-of picker: a date (empty: today) and the clock it is read on (ADR 0014). It offers no day
 * after today (`max`): as-of reads what was, and the api refuses a later date (400 VALIDATION on
 * `asOf`, which the page tells in French: « la date de référence ne peut pas être dans le futur »). The date is typed
 * and shown the French way whatever the browser's language (`DateField`: jj/mm/aaaa); a day that is not one (« 31/02 »)
 * is said under it and not read: the page keeps the last day it could read. A day the page takes from elsewhere (a
 * link, back or forward, the navigation's « Réseau ») empties such a text, as a form's fields are after a sending (`as-of-field.ts`).
 */
import { useContext, useRef } from 'preact/hooks';
import { asOfField, withPageDay, withTyped } from './as-of-field';
import { DateField } from './date-field';
import { FormResets } from './form-resets';
import { asOfHint, networkToday } from './words';

export interface AsOf {
  /** `YYYY-MM-DD`, or empty for now. */
  readonly date: string;
  readonly clock: 'happened' | 'recorded';
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
  // The resets of a form around the picker, if any, and the picker's own: the page's day set from elsewhere.
  const outer = useContext(FormResets);
  const field = useRef(asOfField(value.date));
  field.current = withPageDay(field.current, value.date);
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
