/** A plain accessible table: a caption, column headers, numbers aligned right. */
import type { ComponentChild } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

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
 * reachable with the keyboard (Tab, then the arrows), and says what it holds.
 */
function useScrolls(): [{ current: HTMLDivElement | null }, boolean] {
  const frame = useRef<HTMLDivElement | null>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = (): void => setScrolls(el.scrollWidth > el.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  });
  return [frame, scrolls];
}

export function DataTable<R>({ caption, columns, rows, id, hideCaption, rowClass, empty, stackOnNarrow }: DataTableProps<R>) {
  const [frame, scrolls] = useScrolls();
  if (rows.length === 0) return <p class="empty">{empty ?? 'Aucun élément.'}</p>;
  return (
    <div class="table-wrap" ref={frame} {...(scrolls ? { tabIndex: 0, role: 'group', 'aria-label': `${caption} (le tableau défile horizontalement)` } : {})}>
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
  );
}
