/** The shell: sign-in, navigation, the offline banner, and the router over `PAGES`. */
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { closeClients, useHubStatus } from './api';
import { reservedPageText } from './page-access';
import { homeOf, PAGES } from './pages';
import { useCatalyseurNames, useOrganisationNames } from './ui/names';
import { onLinkRefused, ROLE_LABELS, SIGN_IN_REFUSALS, signIn, signOut, takeSessionEnd, useSession, useSignInChecking } from './session';
import type { Session } from './session';
import { NO_SCROLL, type ScrollCue, scrollCue } from './ui/table-scroll';

function SignIn() {
  const [token, setToken] = useState('');
  // A session that ended by itself (its token expired, or refused by the api) says so: signing in again returns to
  // the same page, its address kept.
  const [error, setError] = useState(() => takeSessionEnd() ?? '');
  // A new token is checked with the api before it opens the console (a forged one reads well).
  const checking = useSignInChecking();
  // A refused sign-in link says why (expired, no token of ours, refused by the api), instead of an empty form.
  useEffect(() => onLinkRefused((refusal) => setError(SIGN_IN_REFUSALS[refusal].link)), []);
  return (
    <main id="contenu" class="signin">
      <h1>Catalyse</h1>
      <p>La console du réseau des catalyseurs territoriaux.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (checking) return;
          setError('');
          void signIn(token).then((refusal) => refusal && setError(SIGN_IN_REFUSALS[refusal].pasted));
        }}
      >
        <label for="jeton">Jeton d’accès</label>
        <textarea id="jeton" rows={4} value={token} onInput={(e) => setToken(e.currentTarget.value)} aria-describedby="jeton-aide" required />
        <p id="jeton-aide" class="hint">
          Vous n’avez pas de jeton ? Demandez à l’opérateur de votre réseau un lien de connexion : il ouvre la console directement.
        </p>
        {checking && (
          <p role="status" class="hint">
            Vérification du jeton…
          </p>
        )}
        {error && !checking && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={checking}>
          Se connecter
        </button>
      </form>
    </main>
  );
}

/** How long the hub may take to answer at the start before the banner says it is connecting (most pages never see it). */
const CONNECTING_GRACE_MS = 2000;

/**
 * The console's one offline banner (a live room adds nothing of its own: the banner speaks of its messages there).
 * « Connexion au hub en cours… » only once it lasts: shown at every start for the instant the socket takes, it pushed
 * each page down and back up as it loaded.
 */
function OfflineBanner() {
  const status = useHubStatus();
  const { path } = useLocation();
  // Past the start (the hub was online or offline once), a new connection is said at once: the banner stays put
  // from « Hors ligne » to « Connexion… ».
  const [slow, setSlow] = useState(status !== 'connecting');
  useEffect(() => {
    if (status !== 'connecting') {
      setSlow(true);
      return;
    }
    const timer = setTimeout(() => setSlow(true), CONNECTING_GRACE_MS);
    return () => clearTimeout(timer);
  }, [status]);
  if (status === 'online' || (status === 'connecting' && !slow)) return null;
  const inRoom = path.startsWith('/salons/');
  return (
    <div class={`banner ${status}`} role="status">
      {status === 'offline'
        ? inRoom
          ? 'Hors ligne — vos messages partiront au retour. La console se reconnecte dès que possible.'
          : 'Hors ligne : les données affichées peuvent être anciennes. La console se reconnecte dès que possible.'
        : 'Connexion au hub en cours…'}
    </div>
  );
}

/**
 * On a narrow screen the navigation is one line that scrolls sideways (`main.css`): the current page's link is brought
 * into it, and the side where links are hidden fades (`scrollCue`, as a wide table's). Wide, the line holds them all.
 */
function useNavScroll(path: string) {
  const list = useRef<HTMLUListElement>(null);
  const [cue, setCue] = useState<ScrollCue>(NO_SCROLL);
  const measure = (): void => {
    const ul = list.current;
    if (!ul) return;
    const next = scrollCue(ul);
    setCue((before) => (before.scrolls === next.scrolls && before.before === next.before && before.after === next.after ? before : next));
  };
  useLayoutEffect(() => {
    const ul = list.current;
    const current = ul?.querySelector<HTMLElement>('a[aria-current="page"]');
    // The list's own scroll, never `scrollIntoView` (which scrolls the window too).
    if (ul && current && ul.scrollWidth > ul.clientWidth) {
      const left = current.offsetLeft - ul.offsetLeft;
      if (left < ul.scrollLeft || left + current.offsetWidth > ul.scrollLeft + ul.clientWidth) {
        ul.scrollLeft = Math.max(0, left - (ul.clientWidth - current.offsetWidth) / 2);
      }
    }
    measure();
  }, [path]);
  useEffect(() => {
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return { list, cue, measure };
}

function Header({ session }: { session: Session }) {
  const { path } = useLocation();
  // Who is signed in, by name: a catalyseur's own, a partner's organisation's (the ids stay in the tooltip).
  const name = useCatalyseurNames(session.role === 'catalyseur' ? [session.sub] : []).get(session.sub);
  const org = useOrganisationNames(session.org ? [session.org] : []).get(session.org ?? '');
  const links = PAGES.filter((p) => p.nav && (!p.roles || p.roles.includes(session.role)));
  const { list, cue, measure } = useNavScroll(path);
  return (
    <header class="top">
      <a class="skip" href="#contenu">
        Aller au contenu
      </a>
      <span class="brand">Catalyse</span>
      <nav aria-label="Navigation principale" class={[cue.before ? 'more-before' : '', cue.after ? 'more-after' : ''].filter(Boolean).join(' ') || undefined}>
        <ul ref={list} onScroll={measure}>
          {links.map((p) => (
            <li key={p.path}>
              <a href={p.path} aria-current={path === p.path || path.startsWith(`${p.path}/`) ? 'page' : undefined}>
                {p.nav}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        {/* In a column of its own width: a long name or organisation ends with « … » (whole in the tooltip, with the id), the role stays. */}
        <span class="who-id" title={`${name ? `${name} — ` : ''}${session.sub}${session.org ? ` (${org ?? session.org})` : ''}`}>
          <span class="who-line">
            <span class="who-name">{name ?? session.sub}</span>
            <span class="who-role">
              {' '}
              · <strong>{ROLE_LABELS[session.role]}</strong>
            </span>
          </span>
          {session.org && <span class="who-org">{org ?? session.org}</span>}
        </span>
        <button
          type="button"
          class="link"
          onClick={() => {
            closeClients();
            signOut();
          }}
        >
          Se déconnecter
        </button>
      </div>
    </header>
  );
}

function Home() {
  const session = useSession();
  const { route } = useLocation();
  useEffect(() => {
    if (session) route(homeOf(session.role), true);
  }, [route, session]);
  return null;
}

function NotFound() {
  const session = useSession();
  const { path } = useLocation();
  // A page of the console this role does not see (a partner on `/reseau`): who it is for, as the api's refusals say.
  const reserved = session ? reservedPageText(path, session.role, PAGES) : undefined;
  useEffect(() => {
    document.title = `${reserved ? 'Page réservée' : 'Page introuvable'} — Catalyse`;
  }, [reserved]);
  return (
    <main id="contenu">
      <h1>{reserved ? 'Page réservée' : 'Page introuvable'}</h1>
      {reserved && <p role="alert">{reserved}</p>}
      <p>
        <a href="/">Revenir à l’accueil</a>
      </p>
    </main>
  );
}

export function App() {
  const session = useSession();
  // Signed out: the sign-in form's title, and no client left for the token gone. Signed in, each page names the tab
  // (`Page`): this effect runs after the page's, and would write over it on a reload or a direct link.
  useEffect(() => {
    if (session) return;
    document.title = 'Catalyse — connexion';
    closeClients();
  }, [session]);
  if (!session) return <SignIn />;
  const pages = PAGES.filter((p) => !p.roles || p.roles.includes(session.role));
  return (
    <LocationProvider>
      <Header session={session} />
      <OfflineBanner />
      <Router>
        <Route path="/" component={Home} />
        {pages.map((p) => (
          <Route key={p.path} path={p.path} component={p.component} />
        ))}
        <Route default component={NotFound} />
      </Router>
    </LocationProvider>
  );
}
