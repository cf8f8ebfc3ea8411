/**
 * Writing in a room: a message (through the client's outbox) and a decision (a command). Both take `TEXT_MAX`
 * characters: a longer text pasted is cut there (never inside an emoji) and the form says so (`text-limit.ts`).
 */
import { useRef, useState } from 'preact/hooks';
import { apiCommand } from '../../api';
import { errorText } from '../../ui/common';
import { clipText, charCount, limitText } from './text-limit';

/** A text field's value, cut at the limit, and what to say under it. */
function useLimitedText(): { text: string; note: string; set: (value: { text: string; clipped: boolean }) => void; clear: () => void } {
  const [state, setState] = useState({ text: '', clipped: false });
  return {
    text: state.text,
    note: limitText(charCount(state.text), state.clipped),
    set: setState,
    clear: () => setState({ text: '', clipped: false }),
  };
}

/**
 * The field: its value cut at the limit is written back into it (the browser's own `maxlength` counts UTF-16
 * units and cuts inside an emoji, silently).
 */
function LimitedInput({ id, field, onText }: { id: string; field: ReturnType<typeof useLimitedText>; onText?: () => void }) {
  const noteId = `${id}-limite`;
  return (
    <>
      <input
        id={id}
        type="text"
        value={field.text}
        autoComplete="off"
        aria-describedby={field.note ? noteId : undefined}
        onInput={(e) => {
          const input = e.currentTarget;
          const value = clipText(input.value);
          if (value.clipped) input.value = value.text;
          field.set(value);
          onText?.();
        }}
      />
      {field.note && (
        <small id={noteId} class="hint limit-note" role="status">
          {field.note}
        </small>
      )}
    </>
  );
}

export function PostForm({ post, typing }: { post: (text: string) => void; typing: () => void }) {
  const field = useLimitedText();
  const lastTyping = useRef(0);
  return (
    <form
      class="post-form"
      onSubmit={(e) => {
        e.preventDefault();
        const value = field.text.trim();
        if (!value) return;
        post(value);
        field.clear();
      }}
    >
      <label for="message">Votre message</label>
      <LimitedInput
        id="message"
        field={field}
        onText={() => {
          if (Date.now() - lastTyping.current > 2000) {
            lastTyping.current = Date.now();
            typing();
          }
        }}
      />
      <button type="submit">Envoyer</button>
    </form>
  );
}

export function DecisionForm({ roomId }: { roomId: string }) {
  const field = useLimitedText();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  return (
    <form
      class="decision-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const value = field.text.trim();
        if (!value) return;
        setState({ busy: true });
        const result = await apiCommand(`/api/rooms/${encodeURIComponent(roomId)}/record-decision`, { text: value }).catch((error: unknown) => ({
          ok: false as const,
          error: { status: 0, code: 'NETWORK', message: String(error) },
        }));
        if (result.ok) {
          field.clear();
          setState({ busy: false });
        } else setState({ busy: false, error: errorText(result.error) });
      }}
    >
      <label for="decision">Décision prise</label>
      <LimitedInput id="decision" field={field} />
      <button type="submit" disabled={state.busy}>
        Consigner la décision
      </button>
      {state.error && (
        <p role="alert" class="error">
          {state.error}
        </p>
      )}
    </form>
  );
}
