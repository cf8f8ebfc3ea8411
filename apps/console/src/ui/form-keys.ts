/**
 * The Idempotency-Key a sending goes with: its form's key (the same until a sending of the form is answered, then a
 * new one) joined to a digest of the body sent. A retry of the same body is the same key (recorded once); a body
 * changed since a sending that got no answer is another key: the api refuses a key reused with another payload (409),
 * and the person meant the new body.
 */
export function keyOfSending(formKey: string, body: unknown): string {
  return `${formKey}.${digest(JSON.stringify(body ?? null))}`;
}

/** FNV-1a over the UTF-16 code units, 32 bits as 8 hex digits: tells two bodies apart (nothing secret in it). */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
