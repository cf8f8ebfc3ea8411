/**
 * The room's feed: a bounded window of rows (`window.ts`), each drawn once (a memoized row, the same object while its
 * entry is unchanged), scrolling inside its own box and following the newest only when the reader is at the bottom
 * (`feed-scroll.ts`).
 */
import { memo } from 'preact/compat';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { LateMark } from '../../ui/late-mark';
import { frenchStamp } from '../../ui/network-time';
import { atBottom, type FeedShape, scrollAfter } from './feed-scroll';
import { type FeedRow, failedPostWords } from './rows';

export interface FeedProps {
  readonly rows: readonly FeedRow[];
  /** Older entries exist before the first row (held but not drawn, or not read yet). */
  readonly hasOlder: boolean;
  /** Reading older entries. */
  readonly loadingOlder: boolean;
  readonly olderError?: string;
  readonly onOlder: () => void;
  /** Increases when the reader posts: the feed goes to its end, wherever it was. */
  readonly posted: number;
  /** A failed post is taken out of the feed. */
  readonly onDismiss: (key: string) => void;
  /** A post given up without an answer, absent from the feed once checked, is sent again (and its failed row goes). */
  readonly onResend: (key: string, text: string) => void;
}

export function Feed({ rows, hasOlder, loadingOlder, olderError, onOlder, posted, onDismiss, onResend }: FeedProps) {
  const list = useRef<HTMLOListElement>(null);
  // Measured on each scroll, before new rows are drawn: where the reader was.
  const wasAtBottom = useRef(true);
  const shape = useRef<FeedShape>({ count: 0 });
  const postedSeen = useRef(posted);
  // The distance from the bottom before older rows are added above, to keep the rows in view where they were.
  const fromBottom = useRef<number | undefined>(undefined);
  const [unseen, setUnseen] = useState(false);

  useLayoutEffect(() => {
    const box = list.current;
    const after: FeedShape = { first: rows[0]?.key, last: rows[rows.length - 1]?.key, count: rows.length };
    const action = scrollAfter(shape.current, after, wasAtBottom.current, posted !== postedSeen.current);
    shape.current = after;
    postedSeen.current = posted;
    if (!box) return;
    if (action === 'bottom') {
      // The box's own scroll: never `scrollIntoView`, which scrolls the window too.
      box.scrollTop = box.scrollHeight;
      wasAtBottom.current = true;
      setUnseen(false);
    } else if (action === 'keep' && fromBottom.current !== undefined) {
      box.scrollTop = box.scrollHeight - fromBottom.current;
    } else if (action === 'unseen') {
      setUnseen(true);
    }
    fromBottom.current = undefined;
  }, [rows, posted]);

  const older = (): void => {
    const box = list.current;
    if (box) fromBottom.current = box.scrollHeight - box.scrollTop;
    onOlder();
  };
  const toEnd = (): void => {
    const box = list.current;
    if (box) box.scrollTop = box.scrollHeight;
    wasAtBottom.current = true;
    setUnseen(false);
  };

  return (
    <div class="feed-box">
      {hasOlder && (
        <p class="older">
          <button type="button" class="link" onClick={older} disabled={loadingOlder}>
            {loadingOlder ? 'Lecture des messages précédents…' : 'Afficher les messages précédents'}
          </button>
          {olderError && (
            <span role="alert" class="error">
              {' '}
              {olderError}
            </span>
          )}
        </p>
      )}
      {/* Focusable: a long feed scrolls, and a keyboard must reach it to scroll it (when its entries hold no link). */}
      <ol
        ref={list}
        class="feed-list"
        aria-label="Fil du salon"
        aria-live="polite"
        aria-relevant="additions"
        tabIndex={0}
        onScroll={(e) => {
          wasAtBottom.current = atBottom(e.currentTarget);
          if (wasAtBottom.current) setUnseen(false);
        }}
      >
        {rows.map((row) => (
          <Row key={row.key} row={row} onDismiss={onDismiss} onResend={onResend} />
        ))}
      </ol>
      {unseen && (
        <button type="button" class="unseen" onClick={toEnd}>
          Nouveaux messages ↓
        </button>
      )}
    </div>
  );
}

/** One row, drawn again only when its row changed (a new object: `keptRows` keeps an unchanged one). */
const Row = memo(
  function Row({ row, onDismiss, onResend }: { row: FeedRow; onDismiss: (key: string) => void; onResend: (key: string, text: string) => void }) {
    return (
      <li class={`row ${row.type}`}>
        {row.type === 'event' ? (
          <p>
            <Time at={row.at} /> {row.text}
            {row.late && <LateMark />}
          </p>
        ) : (
          <>
            <p class="meta">
              <span class="author">{row.author}</span> {row.at && <Time at={row.at} />}
              {row.type === 'decision' && <strong class="tag"> Décision</strong>}
              {row.type === 'pending' && <em class="tag pending-tag"> « en attente »</em>}
              {row.type === 'failed' && <FailedActions row={row} onDismiss={onDismiss} onResend={onResend} />}
            </p>
            <p class="text">{row.text}</p>
          </>
        )}
      </li>
    );
  },
  (before, after) => before.row === after.row && before.onDismiss === after.onDismiss && before.onResend === after.onResend,
);

/**
 * A failed post's tag and buttons (`failedPostWords`): a refused one « non envoyé », « Retirer »; one given up without
 * an answer « peut-être envoyé — vérifiez le fil », sent again only by the reader who found it absent, or taken out.
 */
function FailedActions({
  row,
  onDismiss,
  onResend,
}: {
  row: Extract<FeedRow, { type: 'failed' }>;
  onDismiss: (key: string) => void;
  onResend: (key: string, text: string) => void;
}) {
  const words = failedPostWords(row.sent);
  return (
    <>
      <strong class={`tag failed-tag${row.sent === 'maybe' ? ' maybe-tag' : ''}`}>
        {' '}
        {words.tag} : {row.error}
      </strong>{' '}
      {words.resend && (
        <>
          <button type="button" class="link" onClick={() => onResend(row.key, row.text)} aria-label={`${words.resend} : « ${short(row.text)} »`}>
            {words.resend}
          </button>{' '}
        </>
      )}
      <button type="button" class="link" onClick={() => onDismiss(row.key)} aria-label={`${words.dismiss} le message ${words.tag} « ${short(row.text)} »`}>
        {words.dismiss}
      </button>
    </>
  );
}

function short(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text;
}

function Time({ at }: { at: string }) {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return null;
  return <time dateTime={at}>{frenchStamp(d)}</time>;
}
