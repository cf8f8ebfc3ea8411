/**
 * The as-of picker: a date (empty: today) and the clock it is read on (ADR 0014). It offers no day
 * after today (`max`): as-of reads what was, and the api refuses a later date (400 VALIDATION on
 * `asOf`, which the page tells in French: « la date de référence ne peut pas être dans le futur »). The date field
 * is the browser's, which may show the date in its own interface's order (mm/jj/aaaa in an
 * English browser, whatever the page's `lang="fr"`): the date chosen is also written out in
 * French under it, so it cannot be misread.
 */
import { asOfHint, localToday } from './words';

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
  return (
    <>
      <div>
        <label for={`${idPrefix}-date`}>À la date du</label>
        <input
          id={`${idPrefix}-date`}
          type="date"
          lang="fr"
          value={value.date}
          max={localToday()}
          onChange={(e) => onChange({ ...value, date: e.currentTarget.value })}
          aria-describedby={`${idPrefix}-hint`}
        />
        <p id={`${idPrefix}-hint`} class="hint">
          {asOfHint(value.date, refused)}
        </p>
      </div>
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
