/**
 * The name of a file the api serves: its `Content-Disposition` (`filename*`, RFC 6266 / 5987, then `filename`), the
 * console's own name when it gives none. Pure, for `download()` and its unit test.
 */

/** A name a browser may save: no folder in it, no control character, not empty. */
function safe(name: string | undefined): string | undefined {
  const base = name
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .split(/[/\\]/)
    .pop()
    ?.trim();
  return base && base !== '.' && base !== '..' ? base : undefined;
}

/** `filename*=UTF-8''rapports-partenariats-alsace-2014.html` → its name, percent-decoded (undefined when unreadable). */
function extended(header: string): string | undefined {
  const found = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header);
  const value = found?.[1]?.trim().replace(/^"(.*)"$/, '$1');
  const parts = value ? /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(value) : null;
  if (!parts) return undefined;
  const charset = (parts[1] ?? '').toLowerCase();
  if (charset !== 'utf-8' && charset !== 'iso-8859-1' && charset !== '') return undefined;
  try {
    if (charset === 'iso-8859-1') return (parts[2] ?? '').replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return decodeURIComponent(parts[2] ?? '');
  } catch {
    return undefined;
  }
}

/** `filename="rapport.html"` or `filename=rapport.html` → its name. */
function plain(header: string): string | undefined {
  const found = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(header);
  if (!found) return undefined;
  return found[1] !== undefined ? found[1].replace(/\\(.)/g, '$1') : found[2]?.trim();
}

/** The file's name from its `Content-Disposition` header, else `fallback`. */
export function fileNameOf(contentDisposition: string | null | undefined, fallback: string): string {
  if (!contentDisposition) return fallback;
  return safe(extended(contentDisposition)) ?? safe(plain(contentDisposition)) ?? fallback;
}
