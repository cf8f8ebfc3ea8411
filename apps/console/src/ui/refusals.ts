/**
 * How a page reads its rules' refusals in French: the deciders' English messages, each either known word for word
 * (`fixed`) or matched by a pattern whose groups the French sentence takes (`patterns`, with the page's context to
 * name people, milestones, partners by their names). Pure, for the pages' refusal tables and their unit tests.
 */

/** One pattern of a refusal table: the English message's shape, and its French sentence. */
export type RefusalPattern<Context> = readonly [RegExp, (found: RegExpExecArray, context: Context) => string];

/** The French sentence of a refusal, or undefined when the table does not know it (the page then says the usual). */
export function translateRefusal<Context>(
  message: string,
  fixed: Readonly<Record<string, string>>,
  patterns: readonly RefusalPattern<Context>[],
  context: Context,
): string | undefined {
  const known = fixed[message];
  if (known) return known;
  for (const [pattern, say] of patterns) {
    const found = pattern.exec(message);
    if (found) return say(found, context);
  }
  return undefined;
}
