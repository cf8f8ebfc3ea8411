/** What a chart has to draw, read before drawing it. Pure, for `ChartFigure` and its unit test. */

/** Whether a chart of counts has nothing to show: no value, or only zeros (an empty 0–1 chart says nothing). */
export function nothingCounted(series: readonly { readonly values: readonly number[] }[]): boolean {
  return series.every((s) => s.values.every((v) => v === 0 || !Number.isFinite(v)));
}

/**
 * A label cut to `max` characters with « … », its beginning kept (a rencontre's date, then its theme): a long label
 * is shortened on the chart's axis rather than cut at the chart's edge. The table and the tooltip keep it whole.
 */
export function shortLabel(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(1, max - 1))
    .join('')
    .trimEnd()}…`;
}

/**
 * How many characters an axis label may have on a chart `width` pixels wide: a horizontal bar chart gives its labels
 * at most about 40 % of its width (Chart.js cuts them beyond), at about 6.5 px a character of its 12 px font.
 */
export function labelRoom(width: number): number {
  return Math.max(12, Math.floor((width * 0.4) / 6.5));
}
