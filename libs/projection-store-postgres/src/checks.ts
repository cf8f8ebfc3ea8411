/** Arguments checked before they reach SQL (int8 bounds, epochs, counts). */

export const MAX_INT64 = 2n ** 63n - 1n;
export const MIN_INT64 = -(2n ** 63n);

export function checkedEpoch(epoch: number): number {
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError(`an epoch is a positive integer (got ${epoch})`);
  return epoch;
}

export function checkedCount(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer (got ${value})`);
  return value;
}

/** A seq or a cursor as an exact integer parameter (a fraction compares as its floor). */
export function integerText(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number (got ${value})`);
  return BigInt(Math.floor(value)).toString();
}
