/**
 * A report laid out for people: a title, a few facts and sections of tables,
 * every word already in French. The renderers (HTML, CSV) only lay it out;
 * the JSON format carries the builder's figures beside it.
 */

/** A cell: text, a number, or nothing (an empty cell). */
export type Cell = string | number | null;

export interface Table {
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /**
   * The columns (indexes) whose cells are organisations' names, or lists of them (« FLDA, Fondation X »), not texts:
   * an erasure leaves them as it leaves the `name` properties of the figures beside (docs/adr/0006-personal-data.md,
   * amendment « lists of organisations' names »). The JSON format carries it; HTML and CSV do not.
   */
  readonly nameColumns?: readonly number[];
  /** Said instead of an empty table ("Aucun jalon"). */
  readonly empty?: string;
}

/**
 * A label and its value ("Territoire" → "Ardèche"). A fact labelled « dont … »
 * details the fact before it ("Jalons atteints" then "dont à l’heure"): the
 * page keeps them together (`factGroups`).
 */
export interface Fact {
  readonly label: string;
  readonly value: Cell;
}

/** Whether a fact details the one before it (« dont à l’heure »). */
export function isSubFact(fact: Fact): boolean {
  return /^dont\s/.test(fact.label);
}

/** Facts grouped as they must stay together: each fact with the « dont … » facts that follow it. */
export function factGroups(facts: readonly Fact[]): { readonly fact: Fact; readonly details: readonly Fact[] }[] {
  const groups: { fact: Fact; details: Fact[] }[] = [];
  for (const fact of facts) {
    const last = groups.at(-1);
    if (last && isSubFact(fact)) last.details.push(fact);
    else groups.push({ fact, details: [] });
  }
  return groups;
}

export interface Section {
  readonly title: string;
  readonly facts?: readonly Fact[];
  readonly paragraphs?: readonly string[];
  /** Technical details for operators (API, CLI): smaller on screen, left out of the printed page. */
  readonly notes?: readonly string[];
  readonly tables?: readonly Table[];
  /** Sections inside this one (a cycle's parts). */
  readonly sections?: readonly Section[];
}

export interface ReportDocument {
  readonly title: string;
  readonly subtitle?: string;
  /** What the report covers and when it was made, in a line each ("Situation au 14 décembre 2012"). */
  readonly facts: readonly Fact[];
  readonly sections: readonly Section[];
}

/** Every table of a document in reading order, with the titles of the sections it sits in. */
export function tablesOf(document: ReportDocument): { readonly path: readonly string[]; readonly table: Table; readonly facts?: readonly Fact[] }[] {
  const found: { path: readonly string[]; table: Table }[] = [];
  const walk = (section: Section, path: readonly string[]): void => {
    const here = [...path, section.title];
    if (section.facts && section.facts.length > 0) {
      found.push({ path: here, table: { columns: ['Rubrique', 'Valeur'], rows: section.facts.map((fact) => [fact.label, fact.value]) } });
    }
    for (const table of section.tables ?? []) found.push({ path: here, table });
    for (const inner of section.sections ?? []) walk(inner, here);
  };
  for (const section of document.sections) walk(section, []);
  return found;
}
