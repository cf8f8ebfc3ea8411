import type { Territory, TerritoryScale, TerritoryTypology } from '@catalyse/domain';

export interface DemoTerritory {
  readonly id: string;
  readonly name: string;
  readonly typology: TerritoryTypology;
  readonly level: TerritoryScale;
  readonly region: string;
  readonly departement?: string;
  /** Share of the network's catalyseurs who work there (weights, not percentages). */
  readonly catalyseurs: number;
}

// prettier-ignore
/**
 * The territories of the demo: those the documents name (Alsace and its Labo
 * régional des partenariats, Charenton-Saint-Maurice, the Ardèche of the FLDA,
 * Poitou-Charentes of Silver Geek, Centre-Val de Loire of the diagnostic tool,
 * the Île-de-France of Coordin'Actions, the Pays de la Loire of the parcours),
 * and others over several regions so that the network is national.
 */
export const TERRITORIES: readonly DemoTerritory[] = [
  { id: 'alsace', name: 'Alsace', typology: 'transfrontalier', level: 'regional', region: 'Grand Est', catalyseurs: 30 },
  { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', typology: 'urbain', level: 'local', region: 'Île-de-France', departement: 'Val-de-Marne', catalyseurs: 8 },
  { id: 'ardeche', name: 'Ardèche', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes', departement: 'Ardèche', catalyseurs: 12 },
  { id: 'poitou-charentes', name: 'Région Poitou-Charentes', typology: 'rural', level: 'regional', region: 'Nouvelle-Aquitaine', catalyseurs: 16 },
  { id: 'centre-val-de-loire', name: 'Centre-Val de Loire', typology: 'rural', level: 'regional', region: 'Centre-Val de Loire', catalyseurs: 20 },
  { id: 'petite-couronne', name: 'Petite couronne parisienne', typology: 'metropole', level: 'regional', region: 'Île-de-France', catalyseurs: 34 },
  { id: 'pays-de-la-loire', name: 'Pays de la Loire', typology: 'urbain', level: 'regional', region: 'Pays de la Loire', catalyseurs: 22 },
  { id: 'grand-lyon', name: 'Métropole de Lyon', typology: 'metropole', level: 'local', region: 'Auvergne-Rhône-Alpes', departement: 'Rhône', catalyseurs: 26 },
  { id: 'lille-metropole', name: 'Métropole européenne de Lille', typology: 'transfrontalier', level: 'local', region: 'Hauts-de-France', departement: 'Nord', catalyseurs: 22 },
  { id: 'aix-marseille', name: 'Métropole Aix-Marseille-Provence', typology: 'metropole', level: 'local', region: 'Provence-Alpes-Côte d’Azur', catalyseurs: 20 },
  { id: 'bordeaux-metropole', name: 'Bordeaux Métropole', typology: 'metropole', level: 'local', region: 'Nouvelle-Aquitaine', departement: 'Gironde', catalyseurs: 16 },
  { id: 'toulouse-metropole', name: 'Toulouse Métropole', typology: 'metropole', level: 'local', region: 'Occitanie', departement: 'Haute-Garonne', catalyseurs: 16 },
  { id: 'pays-de-morlaix', name: 'Pays de Morlaix', typology: 'rural', level: 'local', region: 'Bretagne', departement: 'Finistère', catalyseurs: 10 },
  { id: 'clichy-montfermeil', name: 'Clichy-sous-Bois – Montfermeil', typology: 'zus', level: 'local', region: 'Île-de-France', departement: 'Seine-Saint-Denis', catalyseurs: 10 },
  { id: 'pays-basque', name: 'Pays basque', typology: 'transfrontalier', level: 'departemental', region: 'Nouvelle-Aquitaine', departement: 'Pyrénées-Atlantiques', catalyseurs: 12 },
  { id: 'drome', name: 'Drôme', typology: 'rural', level: 'departemental', region: 'Auvergne-Rhône-Alpes', departement: 'Drôme', catalyseurs: 10 },
  { id: 'montpellier', name: 'Montpellier Méditerranée Métropole', typology: 'metropole', level: 'local', region: 'Occitanie', departement: 'Hérault', catalyseurs: 14 },
  { id: 'grenoble-alpes', name: 'Grenoble-Alpes Métropole', typology: 'metropole', level: 'local', region: 'Auvergne-Rhône-Alpes', departement: 'Isère', catalyseurs: 12 },
  { id: 'creuse', name: 'Creuse', typology: 'rural', level: 'departemental', region: 'Nouvelle-Aquitaine', departement: 'Creuse', catalyseurs: 6 },
  { id: 'rennes-metropole', name: 'Rennes Métropole', typology: 'metropole', level: 'local', region: 'Bretagne', departement: 'Ille-et-Vilaine', catalyseurs: 14 },
];

export function territory(id: string): DemoTerritory {
  const found = TERRITORIES.find((t) => t.id === id);
  if (!found) throw new Error(`unknown demo territory ${id}`);
  return found;
}

/** As partnerships and experimentations carry it. */
export function territoryRef(id: string): Territory {
  const { name, level } = territory(id);
  return { id, name, scale: level };
}
