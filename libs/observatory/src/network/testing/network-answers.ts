import type { RecordedEvent } from '@catalyse/event-store';
import type { ObservationDoc, ReadModel } from '@catalyse/projections';
import { foldModel } from '@catalyse/projections/testing';
import type { TerritoryRegion } from '../../core/regions';
import type { ObservatoryQuery, Section, SubjectTitles } from '../../core/section';
import type { Cell, Table } from '../../core/table';
import { answerFromDocs, type ObservatoryAnswer } from '../../observatory';

export const TZ = 'Europe/Paris';

/** An instant of a day, mid-morning in Paris. */
export const at = (day: string, time = '09:00'): string => `${day}T${time}:00.000Z`;

/** Each stream's events folded through the observation model, as the projector keeps them. */
export function docsOf(model: ReadModel, events: readonly RecordedEvent[]): ObservationDoc[] {
  const streams = [...new Set(events.map((e) => e.stream))];
  return streams
    .map(
      (stream) =>
        foldModel<ObservationDoc>(
          model,
          events.filter((e) => e.stream === stream),
        ).doc,
    )
    .filter((doc): doc is ObservationDoc => doc !== undefined);
}

/** A section's answer over documents, as `Observatory.answer` computes it, `now` being `today` (a day). */
export function answerOf(
  section: Section,
  docs: readonly ObservationDoc[],
  query: ObservatoryQuery = {},
  profiles: readonly TerritoryRegion[] = [],
  today = '2030-01-01',
  titles: SubjectTitles = {},
): ObservatoryAnswer {
  return answerFromDocs(section, docs, profiles, query, { timeZone: TZ, now: new Date(at(today)), titles });
}

/** One table of an answer by its name (fails the test when there is none). */
export function tableOf(answer: ObservatoryAnswer, name: string): Table {
  const table = answer.tables.find((t) => t.name === name);
  if (table === undefined) throw new Error(`no table ${name} in ${answer.tables.map((t) => t.name).join(', ')}`);
  return table;
}

/** A table's rows as `key → the chosen columns`, for compact expectations. */
export function rowsBy(table: Table, key: string, columns: readonly string[]): Record<string, Cell[]> {
  return Object.fromEntries(table.rows.map((row) => [String(row[key]), columns.map((c) => row[c] ?? null)]));
}
