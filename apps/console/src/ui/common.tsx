/** Small pieces every page uses: the page frame, loading and error states, labels of the domain's words. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Loaded } from '../api';

export function Page({ title, children, lead }: { title: string; lead?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} — Catalyse`;
  }, [title]);
  return (
    <main id="contenu" tabIndex={-1}>
      <h1>{title}</h1>
      {lead && <p class="lead">{lead}</p>}
      {children}
    </main>
  );
}

const ERRORS: Record<string, string> = {
  UNAUTHORIZED: 'Votre jeton n’est plus valable : reconnectez-vous.',
  FORBIDDEN: 'Votre rôle ne donne pas accès à ces données.',
  NOT_FOUND: 'Introuvable.',
  VALIDATION: 'La demande est invalide',
  RATE_LIMITED: 'Trop de demandes : réessayez dans un instant.',
  NETWORK: 'Le serveur ne répond pas (hors ligne ?).',
};

export function errorText(error: { code: string; message: string }): string {
  const known = ERRORS[error.code];
  return known ? (error.code === 'VALIDATION' ? `${known} : ${error.message}` : known) : `${error.code} : ${error.message}`;
}

/** Renders `children(data)` once loaded; a status line while loading, an alert on error (`what`: « le tableau de bord »). */
export function Async<T>({ state, children, what }: { state: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (state.error) {
    return (
      <p role="alert" class="error">
        Impossible de charger {what}. {errorText(state.error)}
      </p>
    );
  }
  if (state.data === undefined) {
    return (
      <p role="status" class="loading">
        Chargement en cours : {what}…
      </p>
    );
  }
  return <>{children(state.data)}</>;
}

export const PHASES: Record<string, string> = { cadrage: 'Cadrage', pilotage: 'Pilotage', evaluation: 'Évaluation', clos: 'Clos', closed: 'Clos' };

export const MODES: Record<string, string> = {
  mecenat: 'Mécénat',
  pratiques_responsables: 'Pratiques responsables',
  cooperation_economique: 'Coopération économique',
  innovation_societale: 'Innovation sociétale',
};

export const SPHERES: Record<string, string> = {
  association: 'Association',
  entreprise: 'Entreprise',
  collectivite: 'Collectivité',
  public: 'Acteur public',
  fondation: 'Fondation',
  universite: 'Université',
  academique: 'Monde académique',
  institution: 'Institution',
  media: 'Média',
};

export const OBJECTIVES: Record<string, string> = {
  ressources_humaines: 'Ressources humaines',
  parties_prenantes: 'Parties prenantes',
  economique: 'Économique',
  innovation: 'Innovation',
};

export const DIMENSIONS: Record<string, string> = {
  innovation_societale: 'Innovation sociétale',
  performance_organisations: 'Performance des organisations',
  confiance: 'Confiance',
};

/** A known word in French, or the word itself with underscores as spaces. */
export function label(dict: Record<string, string>, key: string | undefined | null): string {
  if (!key) return '—';
  return dict[key] ?? key.replace(/_/g, ' ');
}

export function date(value: string | undefined | null): string {
  if (!value) return '—';
  const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}
