import { Option } from 'commander';

/** Whether a command ends with a French summary (`text`) or its result as JSON (`json`, for scripts). */
export const SUMMARY_FORMATS = ['text', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];
export const summaryFormatOption = (defaultFormat: SummaryFormat): Option =>
  new Option('--format <format>', 'text : un résumé en français ; json : le résultat en JSON (pour les scripts)')
    .choices([...SUMMARY_FORMATS])
    .default(defaultFormat);

/** A command's result as JSON, positions (bigint) as strings. */
export const json = (value: unknown): string => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
