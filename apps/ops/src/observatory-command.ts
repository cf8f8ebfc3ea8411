import { type Command, InvalidArgumentError, Option } from 'commander';
import { HISTORY_CLOCKS, type HistoryClock, isCalendarDate, isDateOrInstant } from '@catalyse/domain';
import {
  Observatory,
  type ObservatoryAnswer,
  type ObservatoryQuery,
  OBSERVATORY_SECTIONS,
  REGION_MAX_LENGTH,
  REGION_PATTERN,
  type Table,
  tablesCsv,
} from '@catalyse/observatory';
import { frenchDate } from '@catalyse/reports';
import { type CatalyseConfig, openEventStore, openProjectionStore } from '@catalyse/runtime';
import { OpsRefusal, requireEventLog } from './french-output';
import { identifierArg } from './arguments';
import { refuseClockAlone, refuseFuture } from './not-in-future';
import { refuseDataFolderOutput, replaceFile } from './output-file';

const FORMATS = ['text', 'json', 'csv'] as const;
type Format = (typeof FORMATS)[number];

interface ObservatoryOptions {
  readonly asOf?: string;
  readonly clock: HistoryClock;
  readonly from?: string;
  readonly to?: string;
  readonly territory?: string;
  readonly region?: string;
  readonly format: Format;
  readonly out?: string;
}

const instantArg = (value: string): string => {
  if (!isDateOrInstant(value)) throw new InvalidArgumentError('attendu : une date AAAA-MM-JJ ou un instant ISO-8601 avec son fuseau, qui existent');
  return value;
};
/**
 * `--region`: a region's name or slug as `GET /api/observatory?region=` takes it (400 otherwise), composed (NFC) first
 * as the api composes it (« Île » typed or pasted decomposed): a value that cannot name one (`😀`) is a command line
 * that makes no sense (exit 2), not a region that does not exist (exit 1). The composed text is the one asked.
 */
export const regionArg = (value: string): string => {
  const composed = value.normalize('NFC');
  if (composed.length > REGION_MAX_LENGTH || !REGION_PATTERN.test(composed))
    throw new InvalidArgumentError(
      `attendu : le nom ou le slug d’une région (lettres, chiffres, espaces, tirets, apostrophes ; ${REGION_MAX_LENGTH} caractères au plus)`,
    );
  return composed;
};
const dayArg = (value: string): string => {
  if (!isCalendarDate(value)) throw new InvalidArgumentError('attendu : une date AAAA-MM-JJ qui existe');
  return value;
};

/**
 * `npm run ops -- observatory <section>`: the observatory's figures from the
 * read models of the configured stores (those the projector keeps), as a
 * text table in French, JSON or CSV.
 */
export function registerObservatoryCommand(program: Command, config: () => CatalyseConfig): void {
  program
    .command('observatory')
    .description('les chiffres de l’observatoire (partenariats, catalyseurs, rencontres…), à une date, par période, territoire ou région')
    .argument('<section>', `la section : ${OBSERVATORY_SECTIONS.map((s) => s.name).join(', ')}`)
    .option('--as-of <date|instant>', 'les chiffres tels qu’ils étaient à cette date (fin de journée dans le fuseau du réseau)', instantArg)
    .addOption(
      new Option('--clock <horloge>', 'happened : selon la date des faits ; recorded : selon ce qui était enregistré')
        .choices([...HISTORY_CLOCKS])
        .default('happened'),
    )
    .option('--from <date>', 'premier jour de la période', dayArg)
    .option('--to <date>', 'dernier jour de la période', dayArg)
    .option('--territory <id>', 'un territoire', identifierArg)
    .option('--region <région>', 'une région (son nom ou son slug : ile-de-france)', regionArg)
    .addOption(new Option('--format <format>', 'text : tableaux lisibles ; json ; csv (une ligne par chiffre)').choices([...FORMATS]).default('text'))
    .option('--out <fichier>', 'écrit dans ce fichier plutôt que sur la sortie standard, remplacé une fois complet (jamais un fichier du dossier de données)')
    .action(async (name: string, options: ObservatoryOptions, command: Command) => {
      refuseClockAlone(command, '--as-of', options.asOf);
      const section = OBSERVATORY_SECTIONS.find((s) => s.name === name);
      if (!section) throw new InvalidArgumentError(`section inconnue « ${name} » : ${OBSERVATORY_SECTIONS.map((s) => s.name).join(', ')}`);
      if (options.from !== undefined && options.to !== undefined && options.from > options.to) throw new InvalidArgumentError('--from est après --to');
      const cfg = config();
      if (options.asOf !== undefined) refuseFuture('--as-of', options.asOf, new Date(), cfg.timeZone);
      // The data folder's own files (the log, the keys…) are no place for the figures: refused before any work.
      const destination = options.out !== undefined ? refuseDataFolderOutput('--out', options.out, cfg.dataDir) : undefined;
      if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
      const events = await openEventStore(cfg);
      try {
        const readModels = await openProjectionStore(cfg, 'read');
        try {
          const [head, checkpoint] = await Promise.all([events.headPosition(), readModels.getCheckpoint('main')]);
          if (checkpoint < head) {
            process.stderr.write(
              `ops : attention, les modèles de lecture sont à la position ${checkpoint} sur ${head} : démarrez le service (npm start) pour qu’il les mette à jour\n`,
            );
          }
          const observatory = new Observatory(readModels, events, OBSERVATORY_SECTIONS, { timeZone: cfg.timeZone, now: () => new Date() });
          if (observatory.startsAfterCut(options)) {
            throw new OpsRefusal('--from est après le jour des chiffres (--as-of, ou aujourd’hui) : la période commencerait après sa fin', 2);
          }
          const answer = await observatory.answer(section, queryOf(options));
          // Nothing counted: a territory or a region that does not exist is said so, rather than shown as zeros.
          const unknown = answer.subjects === 0 ? await observatory.unknownPlace(options) : undefined;
          if (unknown === 'territory') throw new OpsRefusal(`le territoire ${options.territory ?? ''} n’existe pas`);
          if (unknown === 'region') throw new OpsRefusal(`la région ${options.region ?? ''} n’existe pas`);
          const text =
            options.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : options.format === 'csv' ? tablesCsv(answer.tables) : render(answer);
          // Written whole or not at all: a failure leaves any file there as it was.
          if (destination !== undefined && options.out !== undefined) replaceFile(destination, options.out, text);
          else process.stdout.write(text);
        } finally {
          await readModels.close();
        }
      } finally {
        await events.close();
      }
    });
}

/** A number in French (« 29,6 », « 1 084 »): the text tables only, never JSON or CSV. */
const frenchNumber = (value: number): string => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value);

function queryOf(options: ObservatoryOptions): ObservatoryQuery {
  return {
    clock: options.clock,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
    ...(options.territory === undefined ? {} : { territory: options.territory }),
    ...(options.region === undefined ? {} : { region: options.region }),
  };
}

/**
 * The gender of the noun each section counts, which « compté » agrees with: partenariats, catalyseurs,
 * accompagnements, parcours are masculine; rencontres (`gatherings`), mises en relation (`introductions`),
 * expérimentations are feminine. A section not listed here reads as masculine (a test lists every section).
 */
export const COUNTED_GENDERS: Readonly<Record<string, 'masculine' | 'feminine'>> = {
  partnerships: 'masculine',
  catalyseurs: 'masculine',
  gatherings: 'feminine',
  accompaniments: 'masculine',
  introductions: 'feminine',
  experimentations: 'feminine',
  parcours: 'masculine',
};

/** « compté », « comptées »…: agreed with the section's noun, plural from 2 (French: « 0 compté », « 1 compté »). */
export function counted(section: string, count: number): string {
  return `compté${COUNTED_GENDERS[section] === 'feminine' ? 'e' : ''}${count >= 2 ? 's' : ''}`;
}

/** The answer as a person reads it in a terminal: a heading, then each table with aligned columns. */
export function render(answer: ObservatoryAnswer): string {
  const clock = answer.clock === 'happened' ? 'selon la date des faits' : 'selon ce qui était enregistré';
  const filters = [answer.filters.territory && `territoire ${answer.filters.territory}`, answer.filters.region && `région ${answer.filters.region}`].filter(
    Boolean,
  );
  const day = (value: string): string => frenchDate(value);
  const lines = [
    `${answer.title} — au ${day(answer.period.until)} (${clock})${answer.period.from ? `, période du ${day(answer.period.from)} au ${day(answer.period.until)}` : ''}${filters.length ? `, ${filters.join(', ')}` : ''}`,
    `${frenchNumber(answer.subjects)} ${counted(answer.section, answer.subjects)}`,
    '',
  ];
  for (const table of answer.tables) lines.push(...renderTable(table), '');
  return `${lines.join('\n')}\n`;
}

/**
 * The columns a person reads: a table whose first column is a machine key (`mecenat`, `renewal_rate_percent`) and
 * that has a French `label` column shows the label in its place; another column naming those keys (`part_of`) reads
 * their labels too. JSON and CSV keep the keys.
 */
function readableColumns(table: Table): { readonly columns: Table['columns']; readonly cell: (row: Table['rows'][number], key: string) => unknown } {
  const words = wordsInPlaceOfCodes(table);
  const [first] = table.columns;
  const label = table.columns.find((c) => c.key === 'label');
  if (!first || !label || first.key === 'label') return words;
  const labels = new Map(table.rows.map((row) => [String(row[first.key]), row['label']]));
  const refersToKeys = (key: string): boolean =>
    key !== first.key && table.rows.some((row) => typeof row[key] === 'string') && table.rows.every((row) => row[key] == null || labels.has(String(row[key])));
  const mapped = new Set(table.columns.filter((c) => c.key !== 'label' && refersToKeys(c.key)).map((c) => c.key));
  // The label takes the first column's place and header (« Mode », « Mesure »).
  const columns = [{ key: 'label', label: first.label }, ...words.columns.filter((c) => c.key !== first.key && c.key !== 'label')];
  return { columns, cell: (row, key) => (mapped.has(key) && row[key] != null ? (labels.get(String(row[key])) ?? row[key]) : words.cell(row, key)) };
}

/**
 * The other codes of a table (a row's `stage`, `status`) read as their words: a column `X_label` beside a column `X`
 * gives its cell in `X`'s place, under `X`'s header; a calendar date reads in French (« 16 janvier 2012 »).
 */
function wordsInPlaceOfCodes(table: Table): { readonly columns: Table['columns']; readonly cell: (row: Table['rows'][number], key: string) => unknown } {
  const keys = new Set(table.columns.map((c) => c.key));
  const worded = new Set(
    table.columns.flatMap((c) => (c.key.endsWith('_label') && keys.has(c.key.slice(0, -'_label'.length)) ? [c.key.slice(0, -'_label'.length)] : [])),
  );
  const columns = table.columns.filter((c) => !(c.key.endsWith('_label') && worded.has(c.key.slice(0, -'_label'.length))));
  const cell = (row: Table['rows'][number], key: string): unknown => {
    const value = worded.has(key) && row[`${key}_label`] != null ? row[`${key}_label`] : row[key];
    return typeof value === 'string' && isCalendarDate(value) ? frenchDate(value) : value;
  };
  return { columns, cell };
}

function renderTable(table: Table): string[] {
  const text = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'number' ? frenchNumber(value) : String(value));
  const { columns, cell } = readableColumns(table);
  const header = columns.map((c) => c.label);
  const rows = table.rows.map((row) => columns.map((c) => text(cell(row, c.key))));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [table.title, line(header), ...(rows.length ? rows.map(line) : ['(aucune donnée)'])];
}
