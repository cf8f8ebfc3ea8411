/** What the command forms of a page said last, and which of it a form shows. Pure, for `command-forms.tsx` and its unit test. */

/** What a form said last: which form, and the sentence. */
export type Said = { readonly form: string; readonly text: string } | null;

/** What the forms of a page said last: a refusal, a success. */
export interface Saying {
  readonly error: Said;
  readonly done: Said;
}

/**
 * What a form named `name` shows of what the page's forms said: its own refusal and success, not those already said
 * when it opened (`before`: another form of the same name, closed since, said them). Each sending says anew (a new
 * object), so what this form's own sending says is always shown.
 */
export function sayOwn(name: string, before: Saying, now: Saying): { readonly error?: string; readonly done?: string } {
  const own = (said: Said, stale: Said): string | undefined => (said && said.form === name && said !== stale ? said.text : undefined);
  const error = own(now.error, before.error);
  const done = own(now.done, before.done);
  return { ...(error !== undefined ? { error } : {}), ...(done !== undefined ? { done } : {}) };
}

/**
 * What a form counts as already said once it is submitted again, whether its fields are sent or the browser stops
 * them (a required field left empty, a day beyond its bounds: no `submit` then): everything said so far, so that its
 * previous refusal or success no longer shows beside a new attempt. What the new sending says is a new object, shown.
 */
export function resubmitted(now: Saying): Saying {
  return { error: now.error, done: now.done };
}
