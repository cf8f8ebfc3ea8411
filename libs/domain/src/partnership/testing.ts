import type { ProposePartnership } from './types';

/**
 * Silver Geek × La Poste, proposed on 15 September 2014 in Nouvelle-Aquitaine: the partnership the decider's specs
 * tell (specs only; not part of the runtime API in `index.ts`).
 */
export const SILVER_GEEK_PROPOSAL: ProposePartnership['data'] = {
  partnershipId: 'silver-geek',
  title: 'Silver Geek',
  territory: { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine', scale: 'regional' },
  partners: [
    { orgId: 'silver-geek', name: 'Silver Geek', sphere: 'association' },
    { orgId: 'la-poste', name: 'La Poste', sphere: 'entreprise' },
  ],
  modes: ['innovation_societale'],
  proposedAt: '2014-09-15T09:30:00+02:00',
};
