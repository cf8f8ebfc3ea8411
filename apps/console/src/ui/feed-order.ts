/**
 * How the console shows a feed (a salon's « Fil », Opérations' « Activité en direct »): in the order its entries were
 * recorded (the hub's seq, the only order a live feed keeps: a new entry is always the last), each dated by the
 * entry's `at`: the projector's (`routeEntries` of @catalyse/projections), the `occurredAt` of the event's metadata,
 * the moment its command was decided — when the api recorded it, whatever past date the fact carries in its data (a
 * catalyseur's `joinedAt`, a partnership's `proposedAt`: the wide feeds do not all carry it) — or, for a history
 * imported by a script, the moment the script says (when its fact happened). A fact dated before one recorded before
 * it then reads out of order: the console says so on its row (« enregistré après coup ») and above the feed, rather
 * than reordering a live feed. Pure, for the pages and their unit tests.
 */

/** What a fact recorded after a later one says beside its date. */
export const RECORDED_LATER = 'enregistré après coup';
/** Its tooltip: why its date is earlier than the one above it. */
export const RECORDED_LATER_TITLE = 'Ce fait s’est produit avant un fait enregistré plus tôt : il a été enregistré après coup.';

/** How each entry is dated (`at`, above): the moment it was recorded, not the past date a fact recorded late carries. */
const DATED = 'chacun est daté du moment où il a été enregistré, ou du jour où il s’est produit s’il vient d’un historique importé.';

/** What a feed says of its order, above it: `newestFirst` for a list whose latest entry is at the top. */
export function feedOrderText(newestFirst: boolean): string {
  return newestFirst
    ? `Dans l’ordre où les faits ont été enregistrés, le dernier en haut ; ${DATED}`
    : `Dans l’ordre où les faits ont été enregistrés, le dernier en bas ; ${DATED}`;
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
