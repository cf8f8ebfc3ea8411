/**
 * A room's message or decision is at most `TEXT_MAX` characters (the api counts characters, not UTF-16 units: an
 * emoji is one). A longer text pasted is cut there, never inside a character (half an emoji would be sent as a broken
 * one), and the form says so; a counter shows as the limit nears. Pure, for the forms and their unit tests.
 */

import { textLength } from '@catalyse/domain';

/** The domain's `MESSAGE_MAX_LENGTH`: a message and a decision alike. */
export const TEXT_MAX = 4000;
/** From how many characters the counter shows. */
export const COUNTER_FROM = 3600;

/** The text as it may be sent: its first `max` characters (whole code points, counted as `textLength`), and whether it was cut. */
export function clipText(value: string, max = TEXT_MAX): { readonly text: string; readonly clipped: boolean } {
  // Fast path: fewer UTF-16 units than the limit means fewer characters too.
  if (value.length <= max || textLength(value) <= max) return { text: value, clipped: false };
  // Cut where the count passes `max`: a character's variation selector stays with it (it adds nothing to the count).
  let kept = '';
  let count = 0;
  let previous = '';
  for (const char of value) {
    // What this character adds to the count, by the same rule (it depends on the one before only).
    const adds = textLength(previous + char) - textLength(previous);
    if (count + adds > max) break;
    count += adds;
    kept += char;
    previous = char;
  }
  return { text: kept, clipped: true };
}

/** How many characters a text has (what the api and the domain count: `textLength`). */
export function charCount(value: string): number {
  return textLength(value);
}

const fr = (n: number): string => n.toLocaleString('fr-FR');

/** What the form says under the field: nothing far from the limit, the count near it, and why a text was cut. */
export function limitText(count: number, clipped: boolean, max = TEXT_MAX): string {
  if (clipped) return `Le texte collé dépassait ${fr(max)} caractères : il a été coupé à ${fr(max)}.`;
  if (count >= max) return `${fr(count)} / ${fr(max)} caractères : la limite est atteinte.`;
  if (count >= Math.min(COUNTER_FROM, max)) return `${fr(count)} / ${fr(max)} caractères`;
  return '';
}
