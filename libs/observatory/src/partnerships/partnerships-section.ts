import { PARTNERSHIP_OBSERVATIONS } from '@catalyse/projections';
import { section } from '../core/section';
import { partnershipFigures } from './partnership-figures';
import { partnershipSubject } from './partnership-subject';

/** `/api/observatory/partnerships`: modes, spheres, places, phases and cycles, flows per year, renewals, durations, milestones, committees, impacts. */
export const partnershipsSection = section({
  name: 'partnerships',
  title: 'Observatoire des partenariats',
  collection: PARTNERSHIP_OBSERVATIONS,
  category: 'partnership',
  subject: (doc, observations, period) => partnershipSubject(doc.id, observations, period),
  placeOf: (subject) => subject.territory,
  figures: partnershipFigures,
});
