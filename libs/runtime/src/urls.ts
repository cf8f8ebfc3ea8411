/**
 * A URL as the operator wrote it, for a message, without its secrets: `postgres://catalyse:***@db:5432/catalyse`.
 * libpq also reads a password from the query (`?password=…`), and `sslpassword` is one too. Text that is no URL keeps
 * its shape with the `user:password@` part hidden, so that a refusal can still show what was typed.
 */
export function hidePassword(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return raw.replace(/\/\/([^/@:]*):([^/@]*)@/, '//$1:***@');
  }
  if (parsed.password) parsed.password = '***';
  for (const name of ['password', 'sslpassword']) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, '***');
  return parsed.toString();
}
