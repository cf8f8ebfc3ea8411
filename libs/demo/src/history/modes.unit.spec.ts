import { PARTNERSHIP_MODES, type PartnershipMode } from '@catalyse/domain';
import { MODE_MIXES, modesOf } from './modes';

/** Share of partnerships having each mode among the first `n`. */
function shares(n: number): Record<PartnershipMode, number> {
  const counts = Object.fromEntries(PARTNERSHIP_MODES.map((mode) => [mode, 0])) as Record<PartnershipMode, number>;
  for (let i = 0; i < n; i++) for (const mode of modesOf(i)) counts[mode]++;
  return Object.fromEntries(PARTNERSHIP_MODES.map((mode) => [mode, counts[mode] / n])) as Record<PartnershipMode, number>;
}

describe('modes of generated partnerships (the documents’ shares: 42 %, 30 %, 25 %, 16 %, several allowed)', () => {
  const documents: Record<PartnershipMode, number> = { pratiques_responsables: 0.42, mecenat: 0.3, cooperation_economique: 0.25, innovation_societale: 0.16 };

  it('the mixes add up to the documents’ shares exactly', () => {
    const total = MODE_MIXES.reduce((sum, mix) => sum + mix.weight, 0);
    expect(total).toBe(100);
    for (const mode of PARTNERSHIP_MODES) {
      const share = MODE_MIXES.filter((mix) => mix.modes.includes(mode)).reduce((sum, mix) => sum + mix.weight, 0) / total;
      expect({ mode, share }).toEqual({ mode, share: documents[mode] });
    }
  });

  it.each([100, 1000, 25_000])('any history of %i partnerships is within a point of them', (n) => {
    const actual = shares(n);
    for (const mode of PARTNERSHIP_MODES) expect({ mode, off: Math.abs(actual[mode] - documents[mode]) <= 0.01 + 1e-9 }).toEqual({ mode, off: true });
  });

  it('gives every partnership one or two distinct modes', () => {
    for (let i = 0; i < 500; i++) {
      const modes = modesOf(i);
      expect(modes.length === 1 || modes.length === 2).toBe(true);
      expect(new Set(modes).size).toBe(modes.length);
    }
  });
});
