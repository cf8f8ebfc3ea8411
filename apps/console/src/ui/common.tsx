/** Small pieces every page uses: the page frame, loading and error states, labels of the domain's words. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Loaded } from '../api';

export { date, label } from './words';
export { errorText } from './errors';
import { errorText } from './errors';
import { label } from './words';

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

/** The two sub-dimensions of each impact (seed 001). */
export const SUB_DIMENSIONS: Record<string, string> = {
  growth_and_jobs: 'Croissance économique et emplois',
  fewer_fragilities: 'Réduction des fragilités',
  association_performance: 'Performance des associations',
  company_performance: 'Performance des entreprises',
  collective_trust: 'Confiance collective',
  individual_trust: 'Confiance individuelle',
};

/** A score out of 5 written the French way (a mean may be a half: 4,5/5). */
export const scoreText = (score: unknown): string => (typeof score === 'number' ? `${score.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}/5` : '—');

/** Sub-scores as « Croissance économique et emplois 5/5, Réduction des fragilités 4/5 ». */
export const subScoresText = (scores: unknown): string =>
  typeof scores === 'object' && scores !== null
    ? Object.entries(scores as Record<string, unknown>)
        .map(([k, v]) => `${label(SUB_DIMENSIONS, k)} ${scoreText(v)}`)
        .join(', ')
    : '';

export function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}
