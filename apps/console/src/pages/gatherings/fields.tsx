/** The fields the gatherings' forms share (`forms.tsx`). */
/** A labelled input of a gathering's form. */
export function Input(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: string;
  required?: boolean;
  min?: string;
  max?: string;
  maxLength?: number;
}) {
  const { id, label: text, value, onChange, type = 'text', required = false, min, max, maxLength } = props;
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <input id={id} type={type} required={required} min={min} max={max} maxLength={maxLength} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}

/** A reason (a cancellation's, a refusal's) or another free text of a gathering's form. */
export function Reason({
  id,
  value,
  onChange,
  required = true,
  text = 'Motif',
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
  text?: string;
}) {
  return (
    <div class="steer-field">
      <label for={id}>{text}</label>
      <textarea id={id} rows={2} required={required} maxLength={2000} value={value} onInput={(e) => onChange(e.currentTarget.value)} />
    </div>
  );
}
