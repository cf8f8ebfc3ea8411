/**
 * How the console shows a feed (a salon's « Fil », Opérations' « Activité en direct »): in the order its entries were
 * recorded (the hub's seq, the only order a live feed keeps: a new entry is always the last), each fact dated by when
 * it happened (the entry's `at`, ADR 0014). A fact recorded after others that happened later (a history brought in,
 * a meeting entered a week after) then reads out of order: the console says so on its row (« enregistré après coup »)
 * and above the feed, rather than reordering a live feed. Pure, for the pages and their unit tests.
 */

/** What a fact recorded after a later one says beside its date. */
export const RECORDED_LATER = 'enregistré après coup';
/** Its tooltip: why its date is earlier than the one above it. */
export const RECORDED_LATER_TITLE = 'Ce fait s’est produit avant un fait enregistré plus tôt : il a été enregistré après coup.';

/** What a feed says of its order, above it: `newestFirst` for a list whose latest entry is at the top. */
export function feedOrderText(newestFirst: boolean): string {
  return newestFirst
    ? 'Dans l’ordre où les faits ont été enregistrés, le dernier en haut ; chacun est daté du jour où il s’est produit.'
    : 'Dans l’ordre où les faits ont été enregistrés, le dernier en bas ; chacun est daté du jour où il s’est produit.';
}

/**
 * For each instant of a feed in the order it was recorded (the oldest first), whether its fact happened before a
 * fact recorded before it (it then reads out of order: « enregistré après coup »). An instant that is not one (or
 * `undefined`: a row without its own date) is never marked, and moves nothing.
 */
export function recordedLater(ats: readonly (string | undefined)[]): boolean[] {
  let latest = Number.NEGATIVE_INFINITY;
  return ats.map((at) => {
    const time = at === undefined ? Number.NaN : Date.parse(at);
    if (Number.isNaN(time)) return false;
    if (time < latest) return true;
    latest = time;
    return false;
  });
}
