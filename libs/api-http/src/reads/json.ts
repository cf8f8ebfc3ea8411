/**
 * Revisions and positions are 64-bit in the stores. The HTTP API writes them as
 * JSON numbers: they stay far below 2^53 in practice. Should one ever not, it is
 * written as a decimal string rather than silently rounded.
 */
export type JsonInteger = number | string;

export function jsonInteger(value: bigint | string | number): JsonInteger {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big.toString();
}
