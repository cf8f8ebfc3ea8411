/**
 * A room's message or decision is at most `TEXT_MAX` characters (the api counts characters, not UTF-16 units: an
 * emoji is one). A longer text pasted is cut there, never inside a character (half an emoji would be sent as a broken
 * one), and the form says so; a counter shows as the limit nears. Pure, for the forms and their unit tests.
 */

/** The domain's `MESSAGE_MAX_LENGTH`: a message and a decision alike. */
export const TEXT_MAX = 4000;
/** From how many characters the counter shows. */
export const COUNTER_FROM = 3600;

/** The text as it may be sent: its first `max` characters (whole code points), and whether it was cut. */
export function clipText(value: string, max = TEXT_MAX): { readonly text: string; readonly clipped: boolean } {
  // Fast path: fewer UTF-16 units than the limit means fewer characters too.
  if (value.length <= max) return { text: value, clipped: false };
  const chars = Array.from(value);
  if (chars.length <= max) return { text: value, clipped: false };
  return { text: chars.slice(0, max).join(''), clipped: true };
}

/** How many characters a text has (code points: what the api counts). */
export function charCount(value: string): number {
  return value.length <= 1 ? value.length : Array.from(value).length;
}

const fr = (n: number): string => n.toLocaleString('fr-FR');

/** What the form says under the field: nothing far from the limit, the count near it, and why a text was cut. */
export function limitText(count: number, clipped: boolean, max = TEXT_MAX): string {
  if (clipped) return `Le texte collé dépassait ${fr(max)} caractères : il a été coupé à ${fr(max)}.`;
  if (count >= max) return `${fr(count)} / ${fr(max)} caractères : la limite est atteinte.`;
  if (count >= Math.min(COUNTER_FROM, max)) return `${fr(count)} / ${fr(max)} caractères`;
  return '';
}
