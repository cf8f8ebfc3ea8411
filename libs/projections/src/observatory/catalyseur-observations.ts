import type { CatalyseurEvent, CatalyseurProfile } from '@catalyse/domain';
import type { Tags } from '../read-model';
import { type ObservationDoc, observationModel } from './observation-model';

/** The collection of the catalyseurs' observations; tags: territory (many: every territory the catalyseur worked on). */
export const CATALYSEUR_OBSERVATIONS = 'observatory-catalyseur';

/** What the observatory keeps of a profile: sphere, territory, skills (never the name). */
export type ProfileObserved = Partial<Pick<CatalyseurProfile, 'sphere' | 'territory' | 'skills'>>;

const profileOf = (d: Partial<CatalyseurProfile>): ProfileObserved => ({
  ...(d.sphere === undefined ? {} : { sphere: d.sphere }),
  ...(d.territory === undefined ? {} : { territory: d.territory }),
  ...(Array.isArray(d.skills) ? { skills: [...d.skills] } : {}),
});

const territoriesOf = (doc: ObservationDoc): string[] => [
  ...new Set(doc.observations.map((o) => (o.data as ProfileObserved).territory).filter((t): t is string => typeof t === 'string')),
];

/**
 * The catalyseurs' observations: joined (sphere, territory, skills), the
 * profile updates that change one of them (a change of name alone is not
 * kept), left (without its reason).
 */
export const catalyseurObservations = observationModel<CatalyseurEvent>({
  name: 'observatory-catalyseurs',
  category: 'catalyseur',
  collection: CATALYSEUR_OBSERVATIONS,
  observe: {
    CatalyseurJoined: (d) => profileOf(d),
    ProfileUpdated: (d) => {
      const kept = profileOf(d);
      return Object.keys(kept).length === 0 ? undefined : kept;
    },
    CatalyseurLeft: () => ({}),
  },
  tags: (doc): Tags => {
    const territories = territoriesOf(doc);
    return territories.length === 0 ? {} : { territory: territories };
  },
});
