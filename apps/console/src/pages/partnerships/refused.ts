/**
 * One refusal on a partnership's page, not two: the board and the chronology are read under the same access rule
 * (`partner-of-partnership`), so a partner of another organisation would read the same sentence twice, under the
 * board and under « Chronologie ». Pure, for the page and its unit test.
 */
import { errorText, type ErrorLike } from '../../ui/errors';

/**
 * Whether the page shows the chronology: not when the board's read was refused (FORBIDDEN: the chronology's would
 * be too, whether or not it has answered yet), nor when both reads failed for the same reason (a partnership that
 * does not exist: « Introuvable » once).
 */
export function chronologyShown(board: ErrorLike | undefined, events: ErrorLike | undefined): boolean {
  if (!board) return true;
  if (board.code === 'FORBIDDEN') return false;
  return !events || errorText(events) !== errorText(board);
}
