/**
 * When the as-of picker's date field shows the page's day again, dropping what was typed in it (`as-of.tsx`). The
 * field keeps its own text, and hands the page a day only once it reads as one: a text that reads as none (« 31/02 »)
 * is said under the field and not handed on, the page keeping its last day. A day the page then takes from elsewhere
 * (a link, back or forward, the navigation's « Réseau ») is a reset: the field shows it, its
 * unreadable text gone, even when that day is the one the field last handed on as « no day » (the field alone cannot
 * tell it from its own). Pure, for the picker and its unit test.
 */

export interface AsOfFieldState {
  /** The page's day as the picker last saw it: handed on by the field, or set by the page. */
  readonly day: string;
  /** How many times the page set the day itself: the field shows the page's day again at each (`FormResets`). */
  readonly resets: number;
}

export function asOfField(day: string): AsOfFieldState {
  return { day, resets: 0 };
}

/** The page's day at a render: one the field did not hand on is the page's own, a reset. */
export function withPageDay(state: AsOfFieldState, day: string): AsOfFieldState {
  return day === state.day ? state : { day, resets: state.resets + 1 };
}

/** Typed in the field: a day read (or emptied) goes to the page; a text that reads as no day does not. */
export function withTyped(state: AsOfFieldState, iso: string, valid: boolean): AsOfFieldState {
  return valid ? { ...state, day: iso } : state;
}
