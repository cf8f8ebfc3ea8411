/** A plain accessible table: a caption, column headers, numbers aligned right. */
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { NO_SCROLL, SCROLL_HINT, type ScrollCue, scrollClasses, scrollCue } from './table-scroll';

export interface Column<R> {
  readonly key: string;
  readonly header: string;
  readonly numeric?: boolean;
  readonly cell: (row: R, index: number) => ComponentChild;
}

export interface DataTableProps<R> {
  readonly caption: string;
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  readonly id?: string;
  /** Caption shown (default) or kept for screen readers only. */
  readonly hideCaption?: boolean;
  /** A class for a row (`past`: greyed). */
  readonly rowClass?: (row: R) => string | undefined;
  /** What an empty table says (« Aucun élément. » by default). */
  readonly empty?: string;
  /**
   * On a narrow screen, each row stacked as a card (each cell under its header's name) rather than a frame that
   * scrolls sideways: for a table whose last columns matter (a report's state, its downloads).
   */
  readonly stackOnNarrow?: boolean;
}

/**
 * Whether the table is wider than its frame (it then scrolls sideways, its words kept whole): the frame is then
 * reachable with the keyboard (Tab, then the arrows), says what it holds, and shows it: a sentence above it, and a
 * shade on the side where columns are hidden, as it is scrolled.
 */
function useScrolls(): [{ current: HTMLDivElement | null }, ScrollCue] {
  const frame = useRef<HTMLDivElement | null>(null);
  const [cue, setCue] = useState<ScrollCue>(NO_SCROLL);
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = (): void => {
      const next = scrollCue(el);
      setCue((was) => (was.scrolls === next.scrolls && was.before === next.before && was.after === next.after ? was : next));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    if (typeof ResizeObserver === 'undefined') return () => el.removeEventListener('scroll', measure);
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => {
      observer.disconnect();
      el.removeEventListener('scroll', measure);
    };
  });
  return [frame, cue];
}

export function DataTable<R>({ caption, columns, rows, id, hideCaption, rowClass, empty, stackOnNarrow }: DataTableProps<R>) {
  const [frame, cue] = useScrolls();
  if (rows.length === 0) return <p class="empty">{empty ?? 'Aucun élément.'}</p>;
  const scrolls = cue.scrolls;
  return (
    <>
      {scrolls && (
        <p class="scroll-hint" aria-hidden="true">
          {SCROLL_HINT} <span class="scroll-arrow">→</span>
        </p>
      )}
      <div
        class={scrollClasses(cue)}
        ref={frame}
        {...(scrolls ? { tabIndex: 0, role: 'group', 'aria-label': `${caption} (le tableau défile horizontalement)` } : {})}
      >
        <table id={id} class={stackOnNarrow ? 'stack-narrow' : undefined}>
          <caption class={hideCaption ? 'sr-only' : undefined}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" class={c.numeric ? 'num' : undefined}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} class={rowClass?.(row)}>
                {columns.map((c) => (
                  <td key={c.key} class={c.numeric ? 'num' : undefined} data-label={stackOnNarrow ? c.header : undefined}>
                    {c.cell(row, i)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
