import { AppError } from '@catalyse/protocol';

/**
 * An update of the fields given (`update-profile`) changes at least one: the fields it holds (`present(…)`: left out
 * or `null` are not given) must not be none, else `400 VALIDATION` on the body, `give at least one of …`. A body's
 * validation, before the command's rules (422), as every route refuses what its body lacks.
 */
export function assertSomeField<T extends object>(given: T, fields: readonly string[]): T {
  if (Object.keys(given).length > 0) return given;
  const list = fields.join(', ');
  throw new AppError('VALIDATION', `give at least one of ${list}`, { details: [{ field: '(body)', messages: [`at least one of ${list}`] }] });
}
