/**
 * The number an organisation is registered under in France: a SIREN (the
 * register of entreprises and public bodies, INSEE: 9 digits, the last a Luhn
 * check digit) or an RNA number (the register of associations: `W` and 9
 * digits). Written exactly so: no spaces, an upper-case `W`.
 */
export type RegistryKind = 'siren' | 'rna';

const SIREN = /^\d{9}$/;
const RNA = /^W\d{9}$/;

/** Whether the digits pass the Luhn check (the SIREN's check digit). */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = Number(digits[digits.length - 1 - i]);
    const weighted = i % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

/** The register a well-formed number belongs to, or `undefined` for anything else (a SIREN with a wrong check digit included). */
export function registryKindOf(value: unknown): RegistryKind | undefined {
  if (typeof value !== 'string') return undefined;
  if (SIREN.test(value)) return luhn(value) ? 'siren' : undefined;
  return RNA.test(value) ? 'rna' : undefined;
}

/** What is wrong with a registry number, as users read it; `undefined` when it is a SIREN or an RNA number. */
export function registryNumberProblem(value: unknown): string | undefined {
  if (registryKindOf(value) !== undefined) return undefined;
  if (typeof value === 'string' && SIREN.test(value)) return `SIREN ${value} has a wrong check digit`;
  return 'a registry number is a SIREN (9 digits) or an RNA number (W and 9 digits)';
}
