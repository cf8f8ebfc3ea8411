import { MAX_TOKEN_TTL_SECONDS } from '@catalyse/auth';
import { InvalidArgumentError } from 'commander';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, j: 86_400, d: 86_400 };

/** `--expires-in`: `90m`, `12h`, `7j` (or `7d`), `45s`, or a number of seconds; between one second and 90 days. */
export function durationArg(value: string): number {
  const match = /^(\d+)\s*([smhjd]?)$/i.exec(value.trim());
  const seconds = match?.[1] === undefined ? NaN : Number(match[1]) * (UNIT_SECONDS[(match[2] || 's').toLowerCase()] ?? NaN);
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_TOKEN_TTL_SECONDS) {
    throw new InvalidArgumentError('attendu : une durée entre 1 seconde et 90 jours, par exemple 90m, 12h, 7j ou 3600');
  }
  return seconds;
}

/** A number of seconds as `--expires-in` reads it, in its largest whole unit: `12h`, `90m`, `7j`, `45s`. */
export function durationText(seconds: number): string {
  const unit = (['j', 'h', 'm'] as const).find((u) => seconds % (UNIT_SECONDS[u] ?? 1) === 0);
  return unit ? `${seconds / (UNIT_SECONDS[unit] ?? 1)}${unit}` : `${seconds}s`;
}
