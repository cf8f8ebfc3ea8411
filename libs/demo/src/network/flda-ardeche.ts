import { type PartnershipCommand, partnershipDecider, partnershipStream } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { at } from '../calendar';
import { type DemoCatalyseur, catalyseurOf } from './network';
import { territoryRef } from './places';

/**
 * The FLDA (Fondation de la Caisse d'Épargne Loire-Drôme-Ardèche) and the
 * Conseil général de l'Ardèche: after the FLDA's 2004 diagnostic of
 * home care for the elderly, a "projet-programme" partnership, 2010–2012,
 * renewed for 2013–2015.
 */
export function addFldaArdeche(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const catalyseur = catalyseurOf(catalyseurs, 'ardeche');
  const stream = partnershipStream('flda-cg-ardeche');
  const send = (command: PartnershipCommand, date: string): void => void script.add(partnershipDecider, stream, command, at(date), catalyseur.id);
  const flda = { orgId: 'flda', name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche', sphere: 'fondation' as const };
  const cg = { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' as const };

  send(
    {
      type: 'ProposePartnership',
      data: {
        partnershipId: 'flda-cg-ardeche',
        title: 'Projet-programme pour le maintien à domicile des personnes âgées en Ardèche',
        territory: territoryRef('ardeche'),
        partners: [flda, cg],
        modes: ['mecenat', 'innovation_societale'],
        proposedAt: at('2009-11-16'),
        // The Ardèche's catalyseur proposes it, and so accompanies it.
        proposedBy: catalyseur.id,
      },
    },
    '2009-11-16',
  );
  // Cycle 1: 2010–2012.
  send({ type: 'AgreeObjectives', data: { orgId: 'flda', objectives: ['parties_prenantes', 'innovation'] } }, '2009-12-01');
  send({ type: 'AgreeObjectives', data: { orgId: 'cg-ardeche', objectives: ['parties_prenantes'] } }, '2009-12-01');
  send({ type: 'PlanMilestone', data: { milestoneId: 'convention-2010', title: 'Convention projet-programme signée', dueDate: '2010-01-29' } }, '2009-12-01');
  send(
    { type: 'PlanMilestone', data: { milestoneId: 'structures-coordonnees', title: 'Structures d’aide à domicile coordonnées', dueDate: '2011-06-30' } },
    '2009-12-01',
  );
  send({ type: 'StartPilotage', data: { startedOn: '2010-01-04' } }, '2010-01-04');
  send({ type: 'ReachMilestone', data: { milestoneId: 'convention-2010', reachedOn: '2010-01-29' } }, '2010-01-29');
  send(
    {
      type: 'HoldSteeringCommittee',
      data: {
        committeeId: 'copil-2010',
        heldOn: '2010-10-12',
        attendees: ['flda', 'cg-ardeche'],
        decisions: ['le schéma départemental en faveur des personnes âgées s’appuie sur le projet'],
      },
    },
    '2010-10-12',
  );
  send({ type: 'ReachMilestone', data: { milestoneId: 'structures-coordonnees', reachedOn: '2011-09-15' } }, '2011-09-15');
  send(
    {
      type: 'RecordIndicator',
      data: { indicatorId: 'beneficiaires-2011', name: 'Personnes âgées accompagnées à domicile', value: 640, unit: 'personnes', measuredOn: '2011-12-31' },
    },
    '2012-01-15',
  );
  send({ type: 'OpenEvaluation', data: { openedOn: '2012-09-03' } }, '2012-09-03');
  // The results the research note gives for 2010–2012, by sub-dimension (docs/adr/0017-event-schema-evolution.md): the
  // dimensions' scores stay those of before sub-dimensions (4, 3, 5).
  send(
    {
      type: 'AssessImpact',
      data: {
        dimension: 'innovation_societale',
        scores: { growth_and_jobs: 3, fewer_fragilities: 5 },
        evidence: 'un dispositif coordonné de maintien à domicile ; la Maison de Lionel, structure de répit et de soins palliatifs ; l’appui aux aidants',
      },
    },
    '2012-10-15',
  );
  send(
    {
      type: 'AssessImpact',
      data: {
        dimension: 'performance_organisations',
        scores: { association_performance: 4, company_performance: 2 },
        evidence:
          'des associations qui travaillaient sans coopération mutualisent téléassistance et portage de repas (groupement de coopération du bassin d’Annonay) ; pas d’entreprise dans l’alliance',
      },
    },
    '2012-10-15',
  );
  send(
    {
      type: 'AssessImpact',
      data: {
        dimension: 'confiance',
        scores: { collective_trust: 5, individual_trust: 5 },
        evidence: 'le Conseil général s’en inspire pour son schéma départemental ; les familles s’engagent (association « Du côté des aidants »)',
      },
    },
    '2012-10-15',
  );
  send({ type: 'ConcludeEvaluation', data: { decision: 'renouveler', concludedOn: '2012-12-14' } }, '2012-12-14');
  // Cycle 2: 2013–2015.
  send({ type: 'AgreeObjectives', data: { orgId: 'flda', objectives: ['parties_prenantes', 'innovation'] } }, '2013-01-10');
  send({ type: 'AgreeObjectives', data: { orgId: 'cg-ardeche', objectives: ['parties_prenantes', 'economique'] } }, '2013-01-10');
  send({ type: 'PlanMilestone', data: { milestoneId: 'convention-2013', title: 'Convention 2013–2015 signée', dueDate: '2013-02-28' } }, '2013-01-10');
  // Pilotage starts the day the convention is signed (a milestone is reached during pilotage, and the history is in time order).
  send({ type: 'StartPilotage', data: { startedOn: '2013-02-28' } }, '2013-02-28');
  send({ type: 'ReachMilestone', data: { milestoneId: 'convention-2013', reachedOn: '2013-02-28' } }, '2013-02-28');
  send(
    {
      type: 'HoldSteeringCommittee',
      data: {
        committeeId: 'copil-2014',
        heldOn: '2014-06-17',
        attendees: ['flda', 'cg-ardeche'],
        decisions: ['poursuivre le partenariat avec le CG de l’Ardèche'],
      },
    },
    '2014-06-17',
  );
}
