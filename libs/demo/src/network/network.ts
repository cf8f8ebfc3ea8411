import {
  CATALYSEUR_SKILLS,
  type CatalyseurSkill,
  catalyseurDecider,
  catalyseurStream,
  type FragilityRating,
  type Sphere,
  territoryDecider,
  territoryStream,
} from '@catalyse/domain';
import type { Script } from '@catalyse/operations';
import { addDays, at, seeded } from '../calendar';
import { TERRITORIES } from './places';

/** The operator who loads the demo. */
export const DEMO_OPERATOR = 'ops-demo';

// prettier-ignore
const FIRST_NAMES = [
  'Camille', 'Claire', 'Léa', 'Manon', 'Chloé', 'Sarah', 'Julie', 'Inès', 'Emma', 'Anne', 'Sophie', 'Nadia', 'Aïcha', 'Hélène', 'Marion',
  'Lucas', 'Hugo', 'Thomas', 'Nicolas', 'Julien', 'Karim', 'Mathieu', 'Antoine', 'Pierre', 'Yann', 'Olivier', 'Mehdi', 'Laurent', 'Benoît', 'Paul',
];
// prettier-ignore
const LAST_NAMES = [
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel',
  'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François',
  'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guerin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu',
  'Clement', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Masson', 'Le Gall', 'Kerboul', 'Weber', 'Schmitt', 'Meyer',
];

// prettier-ignore
/** "Issus d'univers différents": the catalyseurs' home spheres, in the proportions of the network. */
const CATALYSEUR_SPHERES: readonly Sphere[] = [
  'collectivite', 'collectivite', 'collectivite', 'association', 'association', 'association', 'entreprise', 'entreprise', 'academique', 'fondation',
];

export interface DemoCatalyseur {
  readonly id: string;
  readonly name: string;
  readonly sphere: Sphere;
  readonly territory: string;
  /** The day they join the network. */
  readonly joinedOn: string;
}

/**
 * The territories of the documents' stories that started before the network
 * of pioneers (2014), and the day each started: the FLDA × Conseil général de
 * l'Ardèche proposal (16 November 2009), the Labo régional des partenariats
 * en Alsace and Agir ensemble à Charenton-Saint-Maurice (2012), Silver Geek in
 * Poitou-Charentes (January 2013). Nothing is dated before what it refers to
 * exists: such a territory is registered that day, and the catalyseur who
 * carries its story (`catalyseurOf`) joins that day, not with the others.
 */
const STORIES_BEFORE_THE_NETWORK: Readonly<Record<string, string>> = {
  ardeche: '2009-11-16',
  alsace: '2012-01-16',
  'charenton-saint-maurice': '2012-01-16',
  'poitou-charentes': '2013-01-15',
};

/** The network: 350 catalyseurs territoriaux, spread over the territories by weight. */
export const CATALYSEUR_COUNT = 350;

export function demoCatalyseurs(): readonly DemoCatalyseur[] {
  const rnd = seeded(350);
  const slots = TERRITORIES.flatMap((t) => Array.from({ length: t.catalyseurs }, () => t.id));
  const network = Array.from({ length: CATALYSEUR_COUNT }, (_, i): DemoCatalyseur => {
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Camille';
    const last = LAST_NAMES[(i * 7 + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length] ?? 'Martin';
    const territory = slots[Math.floor(rnd() * slots.length)] ?? 'alsace';
    return {
      id: `catalyseur-${String(i + 1).padStart(3, '0')}`,
      name: `${first} ${last}`,
      sphere: CATALYSEUR_SPHERES[i % CATALYSEUR_SPHERES.length] ?? 'association',
      territory,
      joinedOn: addDays('2014-01-06', Math.floor((i / CATALYSEUR_COUNT) * 1600)),
    };
  });
  // The first catalyseur of a territory whose story started earlier carries it from its start.
  return network.map((c, i) => {
    const storyStart = STORIES_BEFORE_THE_NETWORK[c.territory];
    const first = network.findIndex((other) => other.territory === c.territory) === i;
    return storyStart !== undefined && first ? { ...c, joinedOn: storyStart } : c;
  });
}

/** The first catalyseur of a territory (who accompanies its partnerships in the demo). */
export function catalyseurOf(catalyseurs: readonly DemoCatalyseur[], territoryId: string): DemoCatalyseur {
  const found = catalyseurs.find((c) => c.territory === territoryId) ?? catalyseurs[0];
  if (!found) throw new Error('the demo has no catalyseur');
  return found;
}

/**
 * Catalyseurs join from the creation of the network of pioneers (2014) to
 * 2018; the four who carry the documents' earlier stories, when their story starts.
 */
export function addCatalyseurs(script: Script, catalyseurs: readonly DemoCatalyseur[]): void {
  const rnd = seeded(2014);
  catalyseurs.forEach((c, i) => {
    const skills = CATALYSEUR_SKILLS.filter((_, k) => (i + k) % 3 !== 2 || rnd() < 0.3);
    const { joinedOn } = c;
    script.add(
      catalyseurDecider,
      catalyseurStream(c.id),
      {
        type: 'JoinNetwork',
        data: {
          catalyseurId: c.id,
          name: c.name,
          sphere: c.sphere,
          territory: c.territory,
          skills: skills.length > 0 ? skills : (['mise_en_relation'] as CatalyseurSkill[]),
          joinedAt: at(joinedOn),
        },
      },
      at(joinedOn),
      c.id,
    );
  });
}

/**
 * The day a territory is registered: with the network of pioneers (2014),
 * or earlier for one whose diagnostic or story is older (nothing of a territory
 * is dated before its registration): the petite couronne, when Coordin’Actions
 * started its study in November 2013; the territories of the stories before
 * the network, when their story started.
 */
const REGISTERED_ON: Readonly<Record<string, string>> = { ...STORIES_BEFORE_THE_NETWORK, 'petite-couronne': '2013-11-04' };

/**
 * Every territory registered; the diagnostics of the documents: Centre-Val de
 * Loire (heterogeneous views of the actors, a convergence on ageing) and
 * the petite couronne of Coordin’Actions (éducation, emploi, logement,
 * santé, handicap — one of the 16 domains of the PHARE programme).
 */
export function addTerritories(script: Script): void {
  for (const t of TERRITORIES) {
    const send = script.on(territoryDecider, territoryStream(t.id));
    const registeredOn = REGISTERED_ON[t.id] ?? '2014-01-06';
    send(
      {
        type: 'RegisterTerritory',
        data: {
          territoryId: t.id,
          name: t.name,
          typology: t.typology,
          level: t.level,
          region: t.region,
          ...(t.departement ? { departement: t.departement } : {}),
          registeredAt: at(registeredOn),
        },
      },
      at(registeredOn),
      DEMO_OPERATOR,
    );
  }

  const rating = (domain: string, sphere: Sphere, priority: FragilityRating['priority'], notes?: string): FragilityRating => ({
    domain,
    sphere,
    priority,
    ...(notes ? { notes } : {}),
  });
  script.add(
    territoryDecider,
    territoryStream('centre-val-de-loire'),
    {
      type: 'RecordFragilityDiagnostic',
      data: {
        diagnosedOn: '2016-06-01',
        source: 'Programme PHARE (Comisis-OpinionWay, 2016)',
        ratings: [
          rating('vieillissement', 'association', 'haute', 'une population vieillissante'),
          rating('vieillissement', 'entreprise', 'haute'),
          rating('vieillissement', 'collectivite', 'haute', 'priorité partagée par tous les acteurs'),
          rating('emploi', 'entreprise', 'haute'),
          rating('emploi', 'collectivite', 'moyenne'),
          rating('sante', 'association', 'haute', 'déserts médicaux'),
          rating('mobilite', 'collectivite', 'haute'),
          rating('numerique', 'entreprise', 'moyenne'),
          rating('education_formation', 'association', 'moyenne'),
          rating('environnement', 'collectivite', 'basse'),
        ],
      },
    },
    at('2016-06-01'),
    DEMO_OPERATOR,
  );

  const petiteCouronne = script.on(territoryDecider, territoryStream('petite-couronne'));
  petiteCouronne(
    {
      type: 'RecordFragilityDiagnostic',
      data: {
        diagnosedOn: '2013-11-30',
        source: 'Étude Coordin’Actions sur les fragilités de la petite couronne (novembre 2013)',
        ratings: [
          rating('education_formation', 'association', 'haute'),
          rating('emploi', 'entreprise', 'haute'),
          rating('emploi', 'association', 'haute'),
          rating('logement', 'collectivite', 'haute'),
          rating('sante', 'association', 'moyenne'),
          rating('handicap', 'association', 'haute'),
          rating('handicap', 'entreprise', 'moyenne'),
        ],
      },
    },
    at('2013-11-30'),
    DEMO_OPERATOR,
  );
  for (const actor of [
    { orgId: 'coordinactions', name: 'Coordin’Actions', sphere: 'association' as const },
    { orgId: 'ville-de-charenton', name: 'Ville de Charenton-le-Pont', sphere: 'collectivite' as const },
  ]) {
    petiteCouronne({ type: 'RegisterTerritoryActor', data: actor }, at('2014-01-20'), DEMO_OPERATOR);
  }
}
