/** The pieces every steering form is made of: the form itself (its heading, button and outcome) and its fields. */
import type { ComponentChildren } from 'preact';
import { CommandForm, type CommandState, type Sent } from '../../ui/command-forms';
import { DateField } from '../../ui/date-field';

/** What one form's sending looks like to the others: which form sends or waits for the board, its refusal, its success. */
export interface Steering extends CommandState {
  /** Sends `command` for `form`; true once accepted. Busy while a command is sent or the board is not yet at its revision. */
  readonly send: (form: string, command: string, body: unknown, idempotencyKey: string) => Promise<Sent>;
}

/** One steering form: its heading, fields, button, and what came of its last sending. */
export function SteerForm(props: {
  name: string;
  title: string;
  hint?: ComponentChildren;
  submit: string;
  steering: Steering;
  onSubmit: (key: string) => Promise<Sent>;
  children?: ComponentChildren;
  disabled?: boolean;
}) {
  const { steering, ...form } = props;
  return <CommandForm idPrefix="steer" state={steering} {...form} />;
}

/** A day of a steering form, typed and shown the French way (jj/mm/aaaa) whatever the browser's language. */
export function DateInput({
  id,
  label: text,
  value,
  onChange,
  max,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  max?: string;
}) {
  return <DateField class="steer-field" id={id} label={text} value={value} onChange={onChange} max={max} maxName={max ? 'aujourd’hui' : undefined} required />;
}

export function TextInput({
  id,
  label: text,
  value,
  onChange,
  required = true,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
}) {
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <input id={id} type="text" required={required} maxLength={200} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}
