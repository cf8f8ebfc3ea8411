/** A random UUID, in a browser and in Node (both have `crypto.randomUUID` in secure contexts). */
export function newId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Plain-http pages other than localhost have no randomUUID: unique enough for message and request ids.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
