/**
 * When the as-of picker's date field shows the page's day again, dropping what was typed in it (`as-of.tsx`). The
 * field keeps its own text, and hands the page a day only once it reads as one: a text that reads as none (« 31/02 »)
 * is said under the field and not handed on, the page keeping its last day. A day the page then takes from elsewhere
 * (a link, back or forward, the navigation's « Réseau ») is a reset: the field shows it, its unreadable text gone,
 * even when that day is the one the field last handed on as « no day » (the field alone cannot tell it from its own),
 * and even when the page's day did not change (a page with no day, « Réseau » followed: still no day): while the
 * field holds such a text, any navigation resets it. Pure, for the picker and its unit test.
 */

export interface AsOfFieldState {
  /** The page's day as the picker last saw it: handed on by the field, or set by the page. */
  readonly day: string;
  /** How many times the page set the day itself: the field shows the page's day again at each (`FormResets`). */
  readonly resets: number;
  /** Whether the field holds a text that read as no day (« 31/02/2014 »), not handed on. */
  readonly unread: boolean;
  /** The last navigation the picker saw (`as-of.tsx` counts them: a link of the console followed, back or forward). */
  readonly navigation: number;
}

export function asOfField(day: string, navigation = 0): AsOfFieldState {
  return { day, resets: 0, unread: false, navigation };
}

/**
 * The page's day and the navigation at a render: a day the field did not hand on is the page's own, a reset; a
 * navigation while the field holds a text that read as no day is one too, whatever the day.
 */
export function withPage(state: AsOfFieldState, day: string, navigation: number): AsOfFieldState {
  if (day !== state.day || (navigation !== state.navigation && state.unread)) {
    return { day, resets: state.resets + 1, unread: false, navigation };
  }
  return navigation === state.navigation ? state : { ...state, navigation };
}

/** Typed in the field: a day read (or emptied) goes to the page; a text that reads as no day does not, and is marked. */
export function withTyped(state: AsOfFieldState, iso: string, valid: boolean): AsOfFieldState {
  return valid ? { ...state, day: iso, unread: false } : { ...state, unread: true };
}
