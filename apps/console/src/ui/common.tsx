/** Small pieces every page uses: the page frame, loading and error states, labels of the domain's words. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Loaded } from '../api';

export { date, DIMENSIONS, label, MODES, numberText, OBJECTIVES, PHASES, scoreText, SPHERES, SUB_DIMENSIONS, subScoresText } from './words';
export { errorText } from './errors';
import { errorText, unavailable } from './errors';

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

/**
 * Renders `children(data)` once loaded; a status line while loading, an alert on error (`what`: « le tableau de bord »).
 * An error the service's absence explains (`unavailable`) offers « Réessayer », and the page reads again by itself once
 * the console is connected again (`useGet`).
 */
export function Async<T>({ state, children, what }: { state: Loaded<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (state.error) {
    const retry = unavailable(state.error);
    return (
      <div role="alert" class="error load-error">
        <p>
          Impossible de charger {what}. {errorText(state.error)}
          {retry && ' La page se recharge d’elle-même au retour du service.'}
        </p>
        {retry && (
          <button type="button" class="secondary" onClick={state.reload} disabled={state.loading}>
            {state.loading ? 'Nouvel essai…' : 'Réessayer'}
          </button>
        )}
      </div>
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

export function Field({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}
