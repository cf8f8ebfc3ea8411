/**
 * The signed-in person: a JWT kept in sessionStorage (never in the URL: a
 * `#token=` sign-in link is read once and removed), its payload read for the
 * screen only (the api verifies it on every call). The console cannot verify its
 * signature: before a new token opens the console, the api is asked once whether it
 * accepts it (a payload changed without re-signing reads well but is refused).
 */
import { useEffect, useState } from 'preact/hooks';
import { setSignedIn } from './ui/errors';

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

/** Why a token cannot sign in: not one of ours, past its `exp`, or refused by the api (its signature is not the api's). */
export type SignInRefusal = 'unreadable' | 'expired' | 'rejected';

/** What the sign-in form says of a refused token, whether pasted or in a link. */
export const SIGN_IN_REFUSALS: Record<SignInRefusal, { readonly pasted: string; readonly link: string }> = {
  unreadable: {
    pasted: 'Ce jeton n’est pas reconnu : collez le jeton complet donné par votre opérateur.',
    link: 'Ce lien de connexion ne contient pas de jeton reconnu : demandez un nouveau lien à votre opérateur.',
  },
  expired: {
    pasted: 'Ce jeton a expiré : demandez-en un nouveau à votre opérateur.',
    link: 'Ce lien de connexion a expiré : demandez-en un nouveau à votre opérateur.',
  },
  rejected: {
    pasted: 'Ce jeton n’est pas reconnu par Catalyse (il a peut-être été modifié) : demandez-en un nouveau à votre opérateur.',
    link: 'Ce lien de connexion contient un jeton non reconnu par Catalyse : demandez un nouveau lien à votre opérateur.',
  },
};

/**
 * What the api thinks of a token, asked once before it opens the console: a cheap read every role may make (the
 * catalyseurs' directory, one card). A 401 is a token the api does not recognise (a forged or re-written payload, a
 * signature of another secret); any other answer, or none (offline), lets the token in: the api still verifies it
 * on every call.
 */
export async function checkToken(token: string): Promise<'rejected' | undefined> {
  try {
    const response = await fetch('/api/catalyseurs?limit=1', { headers: { authorization: `Bearer ${token}` } });
    return response.status === 401 ? 'rejected' : undefined;
  } catch {
    return undefined;
  }
}

const expired = (session: Session, now = Date.now()): boolean => session.exp !== undefined && session.exp * 1000 <= now;

/** What the sign-in form says once a session ended by itself (its token past its `exp`, or refused by the api: 401). */
export const SESSION_EXPIRED =
  'Votre session a expiré : reconnectez-vous pour revenir à cette page (demandez un nouveau lien de connexion à votre opérateur si besoin).';

/** The longest delay a browser's `setTimeout` keeps (about 24 days); a token living longer is checked again then. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * In how many milliseconds the session's token expires (0: it has), capped to what `setTimeout` can wait; undefined
 * for a token without `exp`.
 */
export function msUntilExpiry(session: Pick<Session, 'exp'>, now = Date.now()): number | undefined {
  if (session.exp === undefined) return undefined;
  return Math.min(LONGEST_TIMEOUT_MS, Math.max(0, session.exp * 1000 - now));
}

let current: Session | null = null;
// The refusals that say « vous » (PERSON_ERASED of the signed-in person) know who is signed in.
setSignedIn(() => current?.sub);
/** Why the last `#token=` link was refused, until a sign-in form has said it. */
let linkRefusal: SignInRefusal | undefined;
const refusalListeners = new Set<(refusal: SignInRefusal) => void>();
const listeners = new Set<(s: Session | null) => void>();
/** Whether a new token is being checked with the api (the sign-in form waits, its button disabled). */
let checking = false;
const checkingListeners = new Set<(checking: boolean) => void>();

function setChecking(next: boolean): void {
  checking = next;
  for (const l of checkingListeners) l(next);
}

/** Why the last session ended by itself, until the sign-in form has said it. */
let ended: string | undefined;
/** Ends the session when its token's `exp` comes. */
let expiry: ReturnType<typeof setTimeout> | undefined;

function publish(next: Session | null): void {
  current = next;
  clearTimeout(expiry);
  expiry = undefined;
  const wait = next ? msUntilExpiry(next) : undefined;
  if (next && wait !== undefined) {
    expiry = setTimeout(() => {
      if (current !== next) return;
      if (expired(next)) sessionExpired(next.token);
      else publish(next);
    }, wait);
  }
  for (const l of listeners) l(next);
}

/**
 * The session ended by itself: its token is past its `exp`, or the api (or the hub) answered 401 to it. Signed out
 * as « Se déconnecter » does, the address kept (signing in again opens the same page), and the sign-in form says why
 * (`takeSessionEnd`). `token`: the token that was refused; an answer to a token already replaced changes nothing.
 */
export function sessionExpired(token: string): void {
  if (!current || current.token !== token) return;
  ended = SESSION_EXPIRED;
  signOut();
}

/** Why the session ended by itself (`sessionExpired`), once: the sign-in form says it, then it is forgotten. */
export function takeSessionEnd(): string | undefined {
  const said = ended;
  ended = undefined;
  return said;
}

/**
 * Reads `#token=` (then removes it from the URL) or the stored token. Call once, before rendering. A link's token
 * is checked with the api first (the answered promise settles then); a stored one was at its sign-in.
 */
export async function restoreSession(): Promise<void> {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromLink = hash.get('token');
  if (fromLink) {
    history.replaceState(null, '', location.pathname + location.search);
    // Whoever opens a sign-in link means to sign in with it: not as the one signed in before, even while it is checked.
    signOut();
    const refusal = await signIn(fromLink);
    if (refusal === undefined) return;
    // The form says why it cannot, rather than another session.
    signOut();
    linkRefusal = refusal;
    for (const listener of refusalListeners) listener(refusal);
    if (refusalListeners.size > 0) linkRefusal = undefined;
    return;
  }
  const stored = sessionStorage.getItem(KEY);
  const session = stored ? decode(stored) : null;
  publish(session && !expired(session) ? session : null);
  if (session && !current) {
    sessionStorage.removeItem(KEY);
    // Back to a tab whose token expired meanwhile: the form says so, rather than asking for a token out of nowhere.
    ended = SESSION_EXPIRED;
  }
}

/**
 * Tells `listener` why a sign-in link was refused: the one of this page load at once (then it is forgotten), and
 * any opened later in the same tab (only its hash changes). Answers the unsubscription.
 */
export function onLinkRefused(listener: (refusal: SignInRefusal) => void): () => void {
  if (linkRefusal !== undefined) listener(linkRefusal);
  linkRefusal = undefined;
  refusalListeners.add(listener);
  return () => void refusalListeners.delete(listener);
}

/** Keeps the token when it reads as one of ours, has not expired and the api accepts it; else why not. */
export async function signIn(token: string): Promise<SignInRefusal | undefined> {
  const session = decode(token.trim());
  if (!session) return 'unreadable';
  if (expired(session)) return 'expired';
  setChecking(true);
  try {
    const refusal = await checkToken(session.token);
    if (refusal) return refusal;
  } finally {
    setChecking(false);
  }
  sessionStorage.setItem(KEY, session.token);
  ended = undefined;
  publish(session);
  return undefined;
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

/** Whether a new token is being checked with the api. */
export function useSignInChecking(): boolean {
  const [c, set] = useState(checking);
  useEffect(() => {
    checkingListeners.add(set);
    set(checking);
    return () => void checkingListeners.delete(set);
  }, []);
  return c;
}

export const ROLE_LABELS: Record<Role, string> = { catalyseur: 'catalyseur', partner: 'partenaire', operator: 'opérateur' };
