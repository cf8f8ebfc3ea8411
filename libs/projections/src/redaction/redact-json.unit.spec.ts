import type { Redaction } from '../store';
import { applicable, checkedRedactions, nameFragments, redactJson, redactString, searchText, searchTexts } from './redact-json';

const exact = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'exact', replacement });
const within = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'within', replacement });

describe('redactJson: redactions scoped to the person’s fields and records', () => {
  it('replaces a whole value only under the fields it was the person’s in (never an id equal to it)', () => {
    const p1: Redaction = { value: 'p-un', match: 'exact', replacement: '[effacé]', fields: ['name'] };
    expect(redactJson({ id: 'p-un', name: 'p-un', catalyseurs: ['p-un'], names: { name: ['p-un'] } }, [p1]).value).toEqual({
      id: 'p-un',
      name: '[effacé]',
      catalyseurs: ['p-un'],
      names: { name: ['[effacé]'] },
    });
  });

  it('looks for a name inside others’ names only in the person’s own records (namesBeside), inside texts everywhere', () => {
    const marie: Redaction = { value: 'Marie Martin', match: 'within', replacement: '[effacé]', namesBeside: 'cat-marie' };
    const others = { id: 'cat-anne', name: 'Anne Marie Martin', organisation: 'Marie Martin', text: 'Vu avec Marie Martin' };
    const scoped = applicable(JSON.stringify(others), [marie]);
    expect(redactJson(others, scoped).value).toEqual({ ...others, text: 'Vu avec [effacé]' });
    const own = { id: 'cat-marie', name: 'Marie Martin' };
    expect(redactJson(own, applicable(JSON.stringify(own), [marie])).value).toEqual({ id: 'cat-marie', name: '[effacé]' });
  });

  it('reads lists of organisations’ names (partners, conveners, carriers) and territoryName as names: kept outside the person’s own records', () => {
    const fx: Redaction = { value: 'Fondation X', match: 'within', replacement: '[effacé]', namesBeside: 'cat-6' };
    // The summary of `PartnershipProposed` (territory, organisations, ops feeds): the outside tester's case.
    const summary = { partnershipId: 'p1', title: 'Lire avec Fondation X', partners: ['FLDA', 'Fondation X'], modes: ['mecenat'] };
    expect(redactJson(summary, applicable(JSON.stringify(summary), [fx])).value).toEqual({ ...summary, title: 'Lire avec [effacé]' });
    const launched = { experimentationId: 'x1', conveners: ['Fondation X'], carriers: ['Fondation X', 'FLDA'], territoryName: 'Fondation X' };
    expect(redactJson(launched, applicable(JSON.stringify(launched), [fx])).changed).toBe(false);
    // People's texts beside them are still texts: a message, a committee's decisions, a list of people's names.
    const texts = { partners: ['Fondation X'], text: 'Merci Fondation X', decisions: ['confier à Fondation X'], names: ['Fondation X'] };
    expect(redactJson(texts, applicable(JSON.stringify(texts), [fx])).value).toEqual({
      partners: ['Fondation X'],
      text: 'Merci [effacé]',
      decisions: ['confier à [effacé]'],
      names: ['[effacé]'],
    });
    // In the person's own record (their id is there), every name is looked in.
    const own = { catalyseurId: 'cat-6', partners: ['Fondation X'] };
    expect(redactJson(own, applicable(JSON.stringify(own), [fx])).value).toEqual({ catalyseurId: 'cat-6', partners: ['[effacé]'] });
  });

  it('reads a kept report’s table cells in its nameColumns as names, its other cells as texts', () => {
    const fx: Redaction = { value: 'Fondation X', match: 'within', replacement: '[effacé]', namesBeside: 'cat-6' };
    const table = {
      columns: ['Organisation', 'Partenaires', 'Décisions'],
      nameColumns: [0, 1],
      rows: [
        ['Fondation X', 'FLDA, Fondation X', 'confier à Fondation X'],
        ['FLDA', null, 3],
      ],
    };
    expect(redactJson({ table }, applicable(JSON.stringify(table), [fx]), { tables: true }).value).toEqual({
      table: { ...table, rows: [['Fondation X', 'FLDA, Fondation X', 'confier à [effacé]'], table.rows[1]] },
    });
    // Without nameColumns every cell is a text, as before; in the person's own record, every cell.
    const { nameColumns: _names, ...plain } = table;
    expect(redactJson(plain, [fx], { tables: true }).value).toEqual({ ...plain, rows: [['[effacé]', 'FLDA, [effacé]', 'confier à [effacé]'], table.rows[1]] });
    const own = { ...table, catalyseurId: 'cat-6' };
    expect(redactJson(own, applicable(JSON.stringify(own), [fx]), { tables: true }).value).toEqual({
      ...own,
      rows: [['[effacé]', 'FLDA, [effacé]', 'confier à [effacé]'], table.rows[1]],
    });
    // Only a kept report's tables say it (`tables`): a record of the read models or the log cannot opt out by it.
    expect(redactJson(table, applicable(JSON.stringify(table), [fx])).value).toEqual({
      ...table,
      rows: [['[effacé]', 'FLDA, [effacé]', 'confier à [effacé]'], table.rows[1]],
    });
    // Unchanged rows are shared, not copied.
    const unchanged = { ...table, rows: [['FLDA', 'FLDA', 'rien']] };
    expect(redactJson(unchanged, [fx], { tables: true }).value).toBe(unchanged);
  });

  it('ownObjects (a kept report): the person’s own record is the object holding their id, not the whole value', () => {
    const fx: Redaction = { value: 'Fondation X', match: 'within', replacement: '[effacé]', namesBeside: 'cat-6' };
    const lyon: Redaction = { value: 'Lyon', match: 'exact', replacement: '[effacé]', onlyBeside: 'cat-l', fields: ['name'] };
    // A territory's report lists its catalyseurs by id: their rows are theirs, the rest (organisations, partners) is not.
    const report = {
      territoryId: 'occitanie',
      name: 'Lyon',
      catalyseurs: [
        { id: 'cat-6', name: 'Fondation X', skills: ['Fondation X'], organisation: { name: 'Fondation X' } },
        { id: 'cat-l', name: 'Lyon' },
        { id: 'cat-h', name: 'Hélène Vidal' },
      ],
      actors: [{ name: 'Fondation X' }, { name: 'Lyon' }],
      partnerships: [{ id: 'p1', title: 'Lire avec Fondation X', partners: ['FLDA', 'Fondation X'] }],
    };
    expect(redactJson(report, [fx, lyon], { ownObjects: true }).value).toEqual({
      ...report,
      catalyseurs: [
        // Their own strings and lists of strings; an object nested in their row is anyone's (an organisation's name).
        { id: 'cat-6', name: '[effacé]', skills: ['[effacé]'], organisation: { name: 'Fondation X' } },
        { id: 'cat-l', name: '[effacé]' },
        report.catalyseurs[2],
      ],
      partnerships: [{ id: 'p1', title: 'Lire avec [effacé]', partners: ['FLDA', 'Fondation X'] }],
    });
    // Without it, the whole value is their record once it holds their id (`applicable`): every name is looked in.
    expect(redactJson(report, applicable(JSON.stringify(report), [fx])).value).toMatchObject({ actors: [{ name: '[effacé]' }, { name: 'Lyon' }] });
    // A list of their ids is not their row (an experimentation's catalyseurs): the conveners beside it keep their names.
    const experimentation = { catalyseurs: ['cat-6'], conveners: [{ name: 'Fondation X' }], carriers: ['Fondation X'] };
    expect(redactJson(experimentation, [fx, lyon], { ownObjects: true }).changed).toBe(false);
  });

  describe('an indicator’s name is its label, a text: the name inside it goes, as in a title (ADR 0006, amendment « an indicator’s name is a text »)', () => {
    const lea: Redaction = { value: 'Léa Gauthier', match: 'within', replacement: '[effacé]', namesBeside: 'cat-lg' };
    const redacted = (value: object): unknown => redactJson(value, applicable(JSON.stringify(value), [lea])).value;

    it('a partnership’s indicator (RecordIndicator, IndicatorRecorded, its board’s and report’s lines): an object holding an indicatorId', () => {
      // The event's data (the log's rewrite), as recorded: nobody's record, an organisation's name beside it stays.
      const recorded = { indicatorId: 'lg', name: 'Heures de Léa Gauthier', value: 3, measuredOn: '2026-12-01' };
      expect(redacted(recorded)).toEqual({ ...recorded, name: 'Heures de [effacé]' });
      const board = {
        partnershipId: 'p1',
        partners: [{ orgId: 'lg-conseil', name: 'Léa Gauthier', sphere: 'entreprise' }],
        indicators: [{ indicatorId: 'lg', name: 'Heures de Léa Gauthier', value: 3 }],
      };
      expect(redacted(board)).toEqual({ ...board, indicators: [{ indicatorId: 'lg', name: 'Heures de [effacé]', value: 3 }] });
      const report = { data: { cycles: [{ indicators: [{ indicatorId: 'lg', name: 'Heures de Léa Gauthier', measures: [{ value: 3 }] }] }] } };
      expect(JSON.stringify(redactJson(report, [lea], { tables: true, ownObjects: true }).value)).not.toContain('Léa Gauthier');
    });

    it('an experimentation’s result indicators and a territory’s fragility indicators: items of a property saying indicators, at any depth', () => {
      const results = { actionId: 'a1', results: { indicators: [{ name: 'Ateliers de Léa Gauthier', value: 4, unit: 'ateliers' }] } };
      expect(redacted(results)).toEqual({ actionId: 'a1', results: { indicators: [{ name: 'Ateliers de [effacé]', value: 4, unit: 'ateliers' }] } });
      const territory = {
        name: 'Léa Gauthier',
        actors: [{ orgId: 'o1', name: 'Léa Gauthier' }],
        indicators: { measuredOn: '2026-01-01', indicators: [{ domain: 'emploi', name: 'Taux selon Léa Gauthier', value: 1, nationalAverage: 2 }] },
        indicatorsAgainstNational: [{ domain: 'emploi', name: 'Taux selon Léa Gauthier', value: 1, gap: -1 }],
      };
      expect(redacted(territory)).toEqual({
        ...territory,
        indicators: { measuredOn: '2026-01-01', indicators: [{ domain: 'emploi', name: 'Taux selon [effacé]', value: 1, nationalAverage: 2 }] },
        indicatorsAgainstNational: [{ domain: 'emploi', name: 'Taux selon [effacé]', value: 1, gap: -1 }],
      });
    });

    it('only the indicators themselves: an organisation or a territory nested in one keeps its name (a name, not a text)', () => {
      const lyon: Redaction = { value: 'Lyon', match: 'within', replacement: '[effacé]', namesBeside: 'cat-ly' };
      const nested = {
        indicators: [{ name: 'Ateliers de Léa Gauthier', organisation: { name: 'Léa Gauthier' }, territory: { name: 'Lyon' }, value: 4 }],
        results: { indicators: [{ indicatorId: 'i', name: 'Heures à Lyon', carrier: { orgId: 'lg', name: 'Léa Gauthier' } }] },
      };
      expect(redactJson(nested, applicable(JSON.stringify(nested), [lea, lyon])).value).toEqual({
        indicators: [{ name: 'Ateliers de [effacé]', organisation: { name: 'Léa Gauthier' }, territory: { name: 'Lyon' }, value: 4 }],
        results: { indicators: [{ indicatorId: 'i', name: 'Heures à [effacé]', carrier: { orgId: 'lg', name: 'Léa Gauthier' } }] },
      });
      // A key merely containing « indicators » holds no indicators: a `name` under it is a name.
      const section = { indicatorsSection: { rows: [{ name: 'Léa Gauthier' }] }, lifeIndicators: [{ name: 'Léa Gauthier' }] };
      expect(redactJson(section, applicable(JSON.stringify(section), [lea])).changed).toBe(false);
    });

    it('a whole value of the person’s field `name` still applies to an indicator’s name only beside their id (not a text of anyone’s)', () => {
      const lyon: Redaction = { value: 'Lyon', match: 'exact', replacement: '[effacé]', fields: ['name'], onlyBeside: 'cat-ly' };
      const others = { indicatorId: 'i', name: 'Lyon', value: 1 };
      expect(redactJson(others, applicable(JSON.stringify(others), [lyon])).value).toEqual(others);
    });
  });

  it('never throws on a name the replacement builds again (« [effacé] x » in « [effacé] x x x … »): it stops after its rounds', () => {
    expect(() => redactString(`[effacé]${' x'.repeat(40)}`, [within('[effacé] x', '[effacé]')])).not.toThrow();
  });
});

describe('redactString', () => {
  it('exact: replaces the whole string only when it equals the value', () => {
    expect(redactString('Zoé Martin', [exact('Zoé Martin')])).toBe('[effacé]');
    expect(redactString('Vu avec Zoé Martin', [exact('Zoé Martin')])).toBe('Vu avec Zoé Martin');
    expect(redactString('zoé martin', [exact('Zoé Martin')])).toBe('zoé martin');
  });

  it('within: replaces every occurrence, as written or in capitals (a one-word name has no lower-case spelling), with no pattern characters', () => {
    expect(redactString('Zoé et Zoé, et zoé, et ZOÉ, pas Zoe', [within('Zoé')])).toBe('[effacé] et [effacé], et zoé, et [effacé], pas Zoe');
    expect(redactString('100% _réel_ / 100x _réel_ / 100% réel', [within('100% _réel_', '∅')])).toBe('∅ / 100x _réel_ / 100% réel');
    expect(redactString('a.b axb a*b', [within('a.b', '-'), within('a*b', '+')])).toBe('- axb +');
  });

  it('applies the redactions in order, each to the result of the previous one', () => {
    expect(redactString('Zoé Martin', [exact('Zoé Martin', 'X'), within('Zoé', 'Y')])).toBe('X');
    expect(redactString('Zoé Martin', [within('Zoé', 'Y'), exact('Zoé Martin', 'X')])).toBe('Y Martin');
  });

  it('within: an occurrence the replacement builds with its neighbours is replaced too', () => {
    expect(redactString('Ab Ab Cd Cd', [within('Ab Cd', 'Ab')])).toBe('Ab Ab');
    expect(redactString('Ab Cd Ab Cd', [within('Ab Cd', 'X')])).toBe('X X');
  });
});

describe('redactJson', () => {
  const redactions = [exact('Zoé Martin'), within('Zoé')];

  it('rewrites strings at any depth, leaves keys, numbers, booleans and null alone', () => {
    const doc = {
      name: 'Zoé Martin',
      'Zoé Martin': { Zoé: 'Zoé', n: 3, ok: true, none: null },
      list: ['Zoé Martin', 'Léa', ['chez Zoé']],
      summary: 'Atelier de Zoé Martin',
    };
    const snapshot = JSON.stringify(doc);
    const { value, changed } = redactJson(doc, redactions);
    expect(changed).toBe(true);
    expect(value).toEqual({
      name: '[effacé]',
      'Zoé Martin': { Zoé: '[effacé]', n: 3, ok: true, none: null },
      list: ['[effacé]', 'Léa', ['chez [effacé]']],
      summary: 'Atelier de [effacé] Martin',
    });
    expect(Object.keys(value)).toEqual(Object.keys(doc));
    expect(JSON.stringify(doc)).toBe(snapshot); // the input is left as it was
  });

  it('says unchanged, and gives the same object back, when nothing holds a value', () => {
    const doc = { name: 'Léa', list: [1, 'deux', null], nested: { 'Zoé Martin': 'clé seulement' } };
    const result = redactJson(doc, redactions);
    expect(result).toEqual({ value: doc, changed: false });
    expect(result.value).toBe(doc);
    expect(redactJson({ a: 1 }, [])).toEqual({ value: { a: 1 }, changed: false });
  });

  it('keeps unchanged branches as they are and shares them', () => {
    const untouched = { deep: ['x'] };
    const doc = { untouched, changed: ['Zoé'] };
    const { value } = redactJson(doc, redactions);
    expect(value.untouched).toBe(untouched);
    expect(value.changed).toEqual(['[effacé]']);
  });

  it('handles scalars at the top, and a "__proto__" key stays a plain key', () => {
    expect(redactJson('Zoé Martin', redactions)).toEqual({ value: '[effacé]', changed: true });
    expect(redactJson(42, redactions)).toEqual({ value: 42, changed: false });
    expect(redactJson(null, redactions)).toEqual({ value: null, changed: false });
    const doc = JSON.parse('{"__proto__": {"name": "Zoé Martin"}, "x": "Zoé"}') as Record<string, unknown>;
    const { value } = redactJson(doc, redactions);
    expect(JSON.stringify(value)).toBe('{"__proto__":{"name":"[effacé]"},"x":"[effacé]"}');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('matches special characters literally: quotes, backslashes, control characters, emoji, % and _', () => {
    const values = ['Zoé "Zozo" O\'Brien', 'C:\\dossier\\zoé', '100% _réel_', 'Zoé 🦊', 'ligne\tun\nligne deux'];
    for (const value of values) {
      const doc = { exact: value, inside: `avant ${value} après`, near: value.replace(/.$/u, '?') };
      const { value: out } = redactJson(doc, [exact(value, 'X'), within(value, 'Y')]);
      expect(out).toEqual({ exact: 'X', inside: 'avant Y après', near: doc.near });
    }
  });
});

describe('redactString with many whole values (looked up, not compared one by one)', () => {
  /** The definition: every redaction in order, as `redactString` applied them before it indexed its whole values. */
  const inOrder = (text: string, redactions: readonly Redaction[]): string =>
    redactions.reduce((out, r) => (r.match === 'exact' ? (out === r.value ? r.replacement : out) : redactString(out, [r])), text);

  it('answers what applying them in order answers, a name before or after a whole value included', () => {
    const lists: Redaction[][] = [
      [exact('Bonjour Zoé'), within('Zoé')],
      [within('Zoé'), exact('Bonjour [effacé]', '[message effacé]')],
      [within('Zoé'), exact('Bonjour Zoé')],
      [exact('a', 'x'), exact('a', 'y'), within('Zoé'), exact('x', 'z')],
      [exact('a', 'x'), exact('x', 'z'), exact('z', 'w'), within('Zoé'), exact('w', 'v')],
      [exact('x', 'z'), exact('a', 'x')],
      [...Array.from({ length: 500 }, (_, i) => exact(`m${i}`)), within('Zoé Martin'), exact('Vu avec [effacé]', '[tout effacé]')],
    ];
    const texts = ['Bonjour Zoé', 'a', 'x', 'm42', 'm499 ', 'Vu avec Zoé Martin', 'Vu avec ZOÉ MARTIN', 'rien'];
    for (const list of lists) for (const text of texts) expect([text, redactString(text, list)]).toEqual([text, inOrder(text, list)]);
  });
});

describe('searchText', () => {
  it('is the value as it is written inside JSON text: quoted for exact, bare for within', () => {
    expect(searchText(exact('Zoé'))).toBe('"Zoé"');
    expect(searchText(within('Zoé'))).toBe('Zoé');
    expect(searchText(within('a "b" \\ c\n🦊'))).toBe('a \\"b\\" \\\\ c\\n🦊');
    expect(searchTexts([exact('Zoé'), exact('Zoé', 'autre')])).toEqual(['"Zoé"']);
  });

  it('searchTexts: whole values only beside a person’s id are looked for by that id, once (not each of thousands of messages)', () => {
    const mine = (value: string): Redaction => ({ value, match: 'exact', replacement: '[effacé]', onlyBeside: 'cat-1', fields: ['text'] });
    const messages = Array.from({ length: 3000 }, (_, i) => mine(`message ${i} ${'é'.repeat(100)}`));
    expect(searchTexts([...messages, exact('Lyon')])).toEqual(['"cat-1"', '"Lyon"']);
    // The rows they change all hold the id: the search finds each.
    const row = JSON.stringify({ authorId: 'cat-1', text: messages[1234]?.value });
    expect(searchTexts(messages).some((text) => row.includes(text))).toBe(true);
    expect(redactJson(JSON.parse(row) as unknown, applicable(row, messages)).value).toEqual({ authorId: 'cat-1', text: '[effacé]' });
  });

  it('searchTexts: a within value is looked for by the beginning of its first word, in every spelling and form (distinct)', () => {
    const texts = searchTexts([within('Zoé Martin'), within('Zoé', 'autre'), exact('Zoé')]);
    expect(texts).toEqual(expect.arrayContaining(['Zoé', 'zoé', 'ZOÉ', 'Zoe\u0301', 'ZOE\u0301', 'zoe\u0301', '"Zoé"']));
    expect(texts).toHaveLength(new Set(texts).size);
    // Escaped as JSON writes it; a few forms per spelling, at least the first character.
    expect(searchTexts([within('a"bcdefgh')])).toEqual(expect.arrayContaining(['a\\"bcdefgh', 'A\\"BCDEFGH']));
    expect(nameFragments('  Zoé  ')).toEqual(expect.arrayContaining(['Zoé', 'Zoe\u0301', 'ZOÉ', 'ZOE\u0301']));
    expect(nameFragments('  ')).toEqual(['  ']);
  });

  it('is found in the JSON text of every string holding the value (the JSON decides the rest)', () => {
    const values = ['Zoé', 'a "b"', 'c:\\d', '🦊 x', 'l1\nl2', '\u0001ctl', '%_'];
    for (const value of values) {
      const text = JSON.stringify({ k: [`before ${value} after`, value, { [value]: value }] });
      expect(text.includes(searchText(within(value)))).toBe(true);
      expect(text.includes(searchText(exact(value)))).toBe(true);
      expect(JSON.stringify({ k: `x${value}` }).includes(searchText(exact(value)))).toBe(false);
    }
  });
});

describe('checkedRedactions', () => {
  it('accepts well-formed redactions, an empty replacement included', () => {
    const ok = [exact('Zoé Martin'), within('Zoé', '')];
    expect(checkedRedactions(ok)).toBe(ok);
    expect(checkedRedactions([])).toEqual([]);
  });

  it('refuses an empty value, a lone surrogate, an unknown match, a replacement holding a value', () => {
    expect(() => checkedRedactions([exact('')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('\uD83E')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('x\uDD8A')])).toThrow(RangeError);
    expect(() => checkedRedactions([{ value: 'Zoé', match: 'partial' as 'exact', replacement: 'x' }])).toThrow(RangeError);
    expect(() => checkedRedactions([within('Zoé', 'ex-Zoé')])).toThrow(RangeError);
    expect(() => checkedRedactions([within('Zoé', '[effacé]'), exact('[effacé]', '?')])).toThrow(RangeError);
  });

  it('lets a whole text (exact) be part of a replacement: it is only replaced where it is a whole string (the outside tester’s name « e » wedged the projector)', () => {
    const short = [exact('e'), exact('ff'), exact('effacé')];
    expect(checkedRedactions(short)).toBe(short);
    expect(redactJson({ name: 'e', text: 'e et ff' }, short)).toEqual({ value: { name: '[effacé]', text: 'e et ff' }, changed: true });
  });
});

describe('a name inside a text: its spellings, Unicode forms and spacing between its words (ADR 0006, step 3 and 4)', () => {
  const name = within('Zébulon Martin');
  const redact = (text: string, value: Redaction = name): string => redactString(text, [value]);

  it('is found as people write names: as written, in capitals, capitalised, « Prénom NOM », and in lower case for two words or more', () => {
    expect(redact('Merci ZÉBULON MARTIN et zébulon martin')).toBe('Merci [effacé] et [effacé]');
    expect(redact('Zébulon Martin décide, Zébulon MARTIN aussi')).toBe('[effacé] décide, [effacé] aussi');
    expect(redact('Merci Zébulon Martin', within('ZÉBULON MARTIN'))).toBe('Merci [effacé]');
    expect(redactString('Avec Jean-Pierre Roux et JEAN-PIERRE ROUX', [within('jean-pierre roux')])).toBe('Avec [effacé] et [effacé]');
    // Not any mix of cases: the log's rewrite cannot be undone, it errs on the side of other people's words.
    expect(redact('zÉbUlOn mArTiN')).toBe('zÉbUlOn mArTiN');
  });

  it('leaves ordinary words and ids alone: another spelling than as written is a whole word only, and a one-word name has no lower-case one', () => {
    expect(redactString('C’est clairement dit, il éclaire la salle', [within('Claire')])).toBe('C’est clairement dit, il éclaire la salle');
    expect(redactString('Une idée claire. CLAIRE a parlé, Claire aussi', [within('Claire')])).toBe('Une idée claire. [effacé] a parlé, [effacé] aussi');
    expect(redactString('les démarches de MARC', [within('Marc')])).toBe('les démarches de [effacé]');
    expect(redactString('pharmacie-martin, saint-martin-d-heres, martin', [within('Martin')])).toBe('pharmacie-martin, saint-martin-d-heres, martin');
    expect(redactString('ids: jean-martin, jean_martin; texte : jean martin', [within('Jean Martin')])).toBe('ids: jean-martin, jean_martin; texte : [effacé]');
    expect(redactString('MARTINEZ, MARTIN2, MARTIN_ID', [within('Martin')])).toBe('MARTINEZ, MARTIN2, MARTIN_ID');
  });

  it('is found composed or decomposed (NFC or NFD), in the text or in the value; the rest of the text is kept as written', () => {
    expect(redact('Merci Ze\u0301bulon Martin !')).toBe('Merci [effacé] !');
    expect(redact('Merci ZE\u0301BULON MARTIN !')).toBe('Merci [effacé] !');
    expect(redact('Merci Zébulon Martin !', within('Ze\u0301bulon Martin'))).toBe('Merci [effacé] !');
    // Nothing else is normalised: a decomposed "é" elsewhere stays decomposed.
    expect(redact('Cafe\u0301 avec ze\u0301bulon martin, re\u0301sume\u0301')).toBe('Cafe\u0301 avec [effacé], re\u0301sume\u0301');
    // A span is not cut before a combining mark: "Martiñ" is another name, composed or not.
    expect(redact('Zébulon Martiñ')).toBe('Zébulon Martiñ');
    expect(redact('Zébulon Martin\u0303')).toBe('Zébulon Martin\u0303');
  });

  it('is found with any run of spaces between its words (no-break spaces too), not across a line break nor glued', () => {
    expect(redact('Merci Zébulon  Martin')).toBe('Merci [effacé]');
    expect(redact('Merci Zébulon\u00a0Martin')).toBe('Merci [effacé]');
    expect(redact('Merci ZÉBULON\u202fMARTIN, Zébulon \u2009 Martin')).toBe('Merci [effacé], [effacé]');
    expect(redact('Merci Zébulon Martin', within('Zébulon\u00a0 Martin'))).toBe('Merci [effacé]');
    expect(redact('Zébulon\nMartin, Zébulon\tMartin, ZébulonMartin')).toBe('Zébulon\nMartin, Zébulon\tMartin, ZébulonMartin');
    // Spaces around the value are not looked for.
    expect(redact('(Zébulon Martin)', within(' Zébulon Martin '))).toBe('([effacé])');
  });

  it('replaces exactly the span found, whatever the characters around it', () => {
    expect(redact('İİİ ZÉBULON MARTIN İİ ß')).toBe('İİİ [effacé] İİ ß');
    expect(redact('ǅ ﬁ Zébulon Martin 🦊', within('zébulon martin'))).toBe('ǅ ﬁ [effacé] 🦊');
    expect(redactString('STRASSE, Straße', [within('Straße')])).toBe('[effacé], [effacé]');
  });

  it('is found as whole words only, as written too: not inside a longer word nor joined by a hyphen (the outside tester’s « Martinez », « Lyonnaise »)', () => {
    expect(redactString('Famille Martinez, MARTINEZ, Martin-Dupont, pharmacie-martin, Martin_2, Martin.', [within('Martin')])).toBe(
      'Famille Martinez, MARTINEZ, Martin-Dupont, pharmacie-martin, Martin_2, [effacé].',
    );
    expect(redact('Zébulon Martinez')).toBe('Zébulon Martinez');
    expect(redact('Marie-Zébulon Martin et Zébulon Martin-Dupont')).toBe('Marie-Zébulon Martin et Zébulon Martin-Dupont');
    expect(redactString('Lyonnaise des Eaux, Lyonnet, Lyon.', [within('Lyon')])).toBe('Lyonnaise des Eaux, Lyonnet, [effacé].');
    // An apostrophe does not join (French elision), nor a dash between spaced words.
    expect(redact("la proposition d’Zébulon Martin – Bilan, d'ZÉBULON MARTIN")).toBe("la proposition d’[effacé] – Bilan, d'[effacé]");
  });

  it('reads a replacement as plain text ($& is not the match)', () => {
    expect(redactString('Vu Zoé', [within('Zoé', '$&-$1')])).toBe('Vu $&-$1');
  });

  it('exact values are still matched as written', () => {
    expect(redactString('ZÉBULON MARTIN', [exact('Zébulon Martin')])).toBe('ZÉBULON MARTIN');
    expect(redactString('Ze\u0301bulon Martin', [exact('Zébulon Martin')])).toBe('Ze\u0301bulon Martin');
  });

  it('every string the erasure changes holds one of the search texts in its JSON (what the stores look for with instr/strpos)', () => {
    const values = ['Zébulon Martin', 'Kévin Strauss', 'Ἀλέξανδρος Ωρ', 'a "b" \\ c', 'İlkay Şahin', 'Σίσυφος', 'Jean-Pierre Roux'];
    const texts = [
      'Merci ZÉBULON MARTIN et zébulon martin',
      'ze\u0301bulon\u00a0martin',
      'kévin strauss',
      'ἀλέξανδρος ωρ',
      'ἈΛΈΞΑΝΔΡΟΣ ΩΡ',
      'A "B" \\ C',
      'İLKAY ŞAHİN',
      'ΣΊΣΥΦΟΣ σίσυφοσ',
      'JEAN-PIERRE ROUX, Jean-Pierre ROUX',
    ];
    let changed = 0;
    for (const value of values) {
      const search = searchTexts([within(value)]);
      for (const text of texts) {
        if (redactString(text, [within(value)]) === text) continue;
        changed++;
        const json = JSON.stringify({ data: [text] });
        expect({ value, text, found: search.some((s) => json.includes(s)) }).toEqual({ value, text, found: true });
      }
    }
    expect(changed).toBeGreaterThanOrEqual(7);
  });
});
