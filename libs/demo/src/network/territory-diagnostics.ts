import { type KeyFigure, type TerritoryCommand, territoryDecider, territoryStream } from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { at } from '../calendar';
import { DEMO_OPERATOR } from './network';

/**
 * The key figures of Centre-Val de Loire, as the diagnostic tool gives them ("Les chiffres clés de la région";
 * Diagnostics sectoriels, Comisis 2016; cducentre.com): more than 2.5 million inhabitants (4 % of the metropolitan
 * population), more than 39,000 km² (7 % of France), 1,840 communes (5 %), 6 départements, 7 % of the cultivated
 * agricultural land, a PIB of 67 Md€ in 2012 (3 % of the regions' PIB), 166,801 entreprises and 47,000 associations
 * (3 % of France's each).
 */
export const CENTRE_VAL_DE_LOIRE_KEY_FIGURES: readonly KeyFigure[] = [
  { key: 'population', label: 'Population', value: 2_500_000, unit: 'habitants', shareOfFrance: 4 },
  { key: 'superficie', label: 'Superficie', value: 39_000, unit: 'km²', shareOfFrance: 7 },
  { key: 'communes', label: 'Communes', value: 1840, shareOfFrance: 5 },
  { key: 'departements', label: 'Départements', value: 6 },
  { key: 'terres_agricoles', label: 'Terrains agricoles cultivés', value: 7, unit: '% de la France', shareOfFrance: 7 },
  { key: 'pib', label: 'PIB régional', value: 67, unit: 'Md€', shareOfFrance: 3, year: 2012 },
  { key: 'entreprises', label: 'Entreprises', value: 166_801, shareOfFrance: 3 },
  { key: 'associations', label: 'Associations', value: 47_000, shareOfFrance: 3 },
];

/**
 * The results of the FLDA × Conseil général de l'Ardèche projet-programme (2010–2012), as the territory's actions
 * against its needs: coordination and mutualisation of téléassistance and portage de repas around the Groupement de
 * coopération sociale et médico-sociale of the bassin d'Annonay; the Maison de Lionel (répit and soins palliatifs);
 * the practical guide, the families' leaflet, the association « Du côté des aidants » and a resource place; the
 * four-page guide for elderly and disabled people.
 */
export const FLDA_RESULTS = [
  {
    actionId: 'gcsms-bassin-annonay',
    title: 'Téléassistance et portage de repas coordonnés et mutualisés : le Groupement de coopération sociale et médico-sociale du bassin d’Annonay',
    domains: ['vieillissement', 'autonomie'],
  },
  { actionId: 'maison-de-lionel', title: 'La Maison de Lionel, structure expérimentale de répit et de soins palliatifs', domains: ['sante', 'autonomie'] },
  {
    actionId: 'appui-aux-aidants',
    title: 'Guide pratique pour les professionnels, plaquette pour les familles, association « Du côté des aidants », lieu de ressources',
    domains: ['autonomie', 'isolement'],
  },
  {
    actionId: 'guide-quatre-pages',
    title: 'Guide synthétique de quatre pages pour les personnes âgées et handicapées : leurs interlocuteurs et les solutions du territoire',
    domains: ['vieillissement', 'handicap'],
  },
] as const;

/**
 * The territory diagnostics beyond the priorities (seed of the diagnostic tool: besoins, acteurs, actions):
 * Centre-Val de Loire's key figures and its indicators against the national average — the documents say "un ensemble
 * d'indicateurs dynamiques par rapport à la moyenne nationale, une population vieillissante" without the values: the
 * demo's are orders of magnitude, and say so in their source —; the Ardèche's needs answered by the FLDA's results,
 * carried by the FLDA and the Conseil général.
 */
export function addTerritoryDiagnostics(script: Script): void {
  const centre = (command: TerritoryCommand, date: string): void =>
    void script.add(territoryDecider, territoryStream('centre-val-de-loire'), command, at(date), DEMO_OPERATOR);
  centre(
    {
      type: 'RecordKeyFigures',
      data: { recordedOn: '2016-06-01', source: 'Diagnostics sectoriels, Comisis 2016 ; cducentre.com', figures: CENTRE_VAL_DE_LOIRE_KEY_FIGURES },
    },
    '2016-06-01',
  );
  centre(
    {
      type: 'RecordFragilityIndicators',
      data: {
        measuredOn: '2016-06-01',
        source: 'Ordres de grandeur de démonstration : les documents décrivent ces écarts sans en donner les valeurs',
        indicators: [
          { domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 10.8, nationalAverage: 9.3, unit: '%' },
          { domain: 'emploi', name: 'Taux de chômage', value: 9.4, nationalAverage: 10, unit: '%' },
          { domain: 'precarite', name: 'Taux de pauvreté', value: 13.1, nationalAverage: 14.5, unit: '%' },
        ],
      },
    },
    '2016-06-01',
  );

  const ardeche = (command: TerritoryCommand, date: string): void =>
    void script.add(territoryDecider, territoryStream('ardeche'), command, at(date), DEMO_OPERATOR);
  ardeche(
    {
      type: 'RecordFragilityDiagnostic',
      data: {
        diagnosedOn: '2009-11-16',
        source: 'Diagnostic de la FLDA en Ardèche (2004)',
        ratings: [
          {
            domain: 'vieillissement',
            sphere: 'fondation',
            priority: 'haute',
            notes: 'une insuffisance de structures d’accueil spécialisées pour les personnes dépendantes',
          },
          { domain: 'autonomie', sphere: 'fondation', priority: 'haute', notes: 'de nombreuses associations travaillant sans coopération' },
          { domain: 'autonomie', sphere: 'collectivite', priority: 'haute', notes: 'le schéma départemental en faveur des personnes âgées' },
        ],
      },
    },
    '2009-11-16',
  );
  for (const actor of [
    { orgId: 'flda', name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche', sphere: 'fondation' as const },
    { orgId: 'cg-ardeche', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' as const },
  ]) {
    ardeche({ type: 'RegisterTerritoryActor', data: actor }, '2009-11-16');
  }
  // The projet-programme's results, from its start on 4 January 2010 (the documents do not date each one).
  for (const result of FLDA_RESULTS) {
    ardeche({ type: 'RecordTerritoryAction', data: { ...result, actorIds: ['flda', 'cg-ardeche'], startedOn: '2010-01-04' } }, '2010-01-04');
  }
}
