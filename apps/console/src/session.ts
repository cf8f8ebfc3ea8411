/**
 * The signed-in person: a JWT kept in sessionStorage (never in the URL: a
 * `#token=` sign-in link is read once and removed), its payload read for the
 * screen only (the api verifies it on every call).
 */
import { useEffect, useState } from 'preact/hooks';

const KEY = 'catalyse.token';

export type Role = 'catalyseur' | 'partner' | 'operator';

export interface Session {
  readonly token: string;
  readonly sub: string;
  readonly role: Role;
  readonly org?: string;
  /** Seconds since the epoch, when the token says. */
  readonly exp?: number;
}

function decode(token: string): Session | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
    const role = payload['role'];
    if (typeof payload['sub'] !== 'string' || (role !== 'catalyseur' && role !== 'partner' && role !== 'operator')) return null;
    return {
      token,
      sub: payload['sub'],
      role,
      ...(typeof payload['org'] === 'string' ? { org: payload['org'] } : {}),
      ...(typeof payload['exp'] === 'number' ? { exp: payload['exp'] } : {}),
    };
  } catch {
    return null;
  }
}

let current: Session | null = null;
const listeners = new Set<(s: Session | null) => void>();

function publish(next: Session | null): void {
  current = next;
  for (const l of listeners) l(next);
}

/** Reads `#token=` (then removes it from the URL) or the stored token. Call once, before rendering. */
export function restoreSession(): void {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromLink = hash.get('token');
  if (fromLink) {
    history.replaceState(null, '', location.pathname + location.search);
    if (signIn(fromLink)) return;
  }
  const stored = sessionStorage.getItem(KEY);
  publish(stored ? decode(stored) : null);
  if (current?.exp && current.exp * 1000 < Date.now()) signOut();
}

/** Keeps the token when it reads as one of ours; false otherwise. */
export function signIn(token: string): boolean {
  const session = decode(token.trim());
  if (!session) return false;
  sessionStorage.setItem(KEY, session.token);
  publish(session);
  return true;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  publish(null);
}

export function getSession(): Session | null {
  return current;
}

export function useSession(): Session | null {
  const [s, set] = useState(current);
  useEffect(() => {
    listeners.add(set);
    set(current);
    return () => void listeners.delete(set);
  }, []);
  return s;
}

export const ROLE_LABELS: Record<Role, string> = { catalyseur: 'catalyseur', partner: 'partenaire', operator: 'opérateur' };
