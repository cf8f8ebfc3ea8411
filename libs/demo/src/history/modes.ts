import type { PartnershipMode } from '@catalyse/domain';

/**
 * The modes of partnerships as the documents count them (pratiques
 * responsables 42 %, mécénat 30 %, coopération économique 25 %, innovation
 * sociétale 16 %; a partnership may have several, hence 113 %). Mixes that add
 * up exactly to those shares: 87 % have one mode, 13 % two.
 */
export const MODE_MIXES: readonly { readonly modes: readonly PartnershipMode[]; readonly weight: number }[] = [
  { modes: ['pratiques_responsables'], weight: 33 },
  { modes: ['mecenat'], weight: 27 },
  { modes: ['cooperation_economique'], weight: 21 },
  { modes: ['innovation_societale'], weight: 6 },
  { modes: ['pratiques_responsables', 'innovation_societale'], weight: 6 },
  { modes: ['cooperation_economique', 'innovation_societale'], weight: 4 },
  { modes: ['mecenat', 'pratiques_responsables'], weight: 3 },
];

const TOTAL = MODE_MIXES.reduce((sum, mix) => sum + mix.weight, 0);
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The modes of the `index`-th partnership of a generated history: a
 * low-discrepancy walk over the mixes (golden-ratio steps), so that any prefix
 * of the history is close to the documents' shares, without randomness.
 */
export function modesOf(index: number): readonly PartnershipMode[] {
  const u = ((index + 1) * GOLDEN) % 1;
  let cumulative = 0;
  for (const mix of MODE_MIXES) {
    cumulative += mix.weight / TOTAL;
    if (u < cumulative) return mix.modes;
  }
  return MODE_MIXES[0]?.modes ?? ['mecenat'];
}
