/** What a chart has to draw, read before drawing it. Pure, for `ChartFigure` and its unit test. */

/** Whether a chart of counts has nothing to show: no value, or only zeros (an empty 0–1 chart says nothing). */
export function nothingCounted(series: readonly { readonly values: readonly number[] }[]): boolean {
  return series.every((s) => s.values.every((v) => v === 0 || !Number.isFinite(v)));
}
