import { type Partner, type Sphere } from '@catalyse/domain';
import { Script, type StreamScript } from '@catalyse/operations';
import { addMonths, seeded } from '../calendar';
import { modesOf } from './modes';
import { addPartnershipLife, type LifeEnd } from './partnership-life';

export interface GenerateOptions {
  readonly partnerships: number;
  /** Same seed, same history. Default 1. */
  readonly seed?: number;
  /** Prefix of the generated ids, so that several histories can sit side by side. Default `gen`. */
  readonly prefix?: string;
}

const REGIONS = [
  { id: 'auvergne-rhone-alpes', name: 'Auvergne-Rhône-Alpes' },
  { id: 'bourgogne-franche-comte', name: 'Bourgogne-Franche-Comté' },
  { id: 'bretagne', name: 'Bretagne' },
  { id: 'centre-val-de-loire', name: 'Centre-Val de Loire' },
  { id: 'grand-est', name: 'Grand Est' },
  { id: 'hauts-de-france', name: 'Hauts-de-France' },
  { id: 'ile-de-france', name: 'Île-de-France' },
  { id: 'normandie', name: 'Normandie' },
  { id: 'nouvelle-aquitaine', name: 'Nouvelle-Aquitaine' },
  { id: 'occitanie', name: 'Occitanie' },
  { id: 'pays-de-la-loire', name: 'Pays de la Loire' },
  { id: 'provence-alpes-cote-d-azur', name: 'Provence-Alpes-Côte d’Azur' },
];
/** Associations and entreprises first: most partnerships of the documents pair them. */
const SECOND_SPHERES: readonly Sphere[] = ['entreprise', 'entreprise', 'entreprise', 'collectivite', 'fondation', 'academique'];
const LIVES: readonly LifeEnd[] = ['cadrage', 'pilotage', 'pilotage', 'pilotage', 'evaluation', 'renouveler', 'clore', 'essaimer'];

/**
 * A synthetic history of `partnerships` partnerships at any scale: modes in the
 * documents' shares (`modesOf`), partners of different spheres, territories
 * over the regions, lives from cadrage to a concluded evaluation. Streams are
 * produced one at a time, so the history never has to fit in memory.
 */
export function generateHistory(options: GenerateOptions): { readonly streams: Iterable<StreamScript>; readonly streamCount: number } {
  const { partnerships } = options;
  if (!Number.isSafeInteger(partnerships) || partnerships < 1) throw new RangeError(`partnerships must be a positive integer (got ${partnerships})`);
  const prefix = options.prefix ?? 'gen';
  const seed = options.seed ?? 1;
  function* streams(): Generator<StreamScript> {
    for (let i = 0; i < partnerships; i++) {
      const rnd = seeded(seed * 1_000_003 + i);
      const region = REGIONS[i % REGIONS.length] ?? { id: 'bretagne', name: 'Bretagne' };
      const a: Partner = { orgId: `${prefix}-asso-${i}`, name: `Association ${i}`, sphere: 'association' };
      const second = SECOND_SPHERES[Math.floor(rnd() * SECOND_SPHERES.length)] ?? 'entreprise';
      const b: Partner = { orgId: `${prefix}-${second}-${i}`, name: `${second[0]?.toUpperCase() ?? ''}${second.slice(1)} ${i}`, sphere: second };
      const script = new Script();
      addPartnershipLife(script, {
        id: `${prefix}-${i}`,
        title: `Partenariat ${i} en ${region.name}`,
        territory: { id: region.id, name: region.name, scale: 'regional' },
        partners: [a, b],
        modes: modesOf(i),
        start: addMonths('2012-01-02', Math.floor(rnd() * 72)),
        until: LIVES[Math.floor(rnd() * LIVES.length)] ?? 'pilotage',
        actor: `${prefix}-catalyseur-${i % 350}`,
      });
      yield* script.streams;
    }
  }
  return { streams: { [Symbol.iterator]: streams }, streamCount: partnerships };
}
