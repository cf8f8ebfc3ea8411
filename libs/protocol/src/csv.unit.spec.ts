/** CSV as Catalyse writes it: RFC 4180 quoting, readable cells, flattened documents, no formulas. */
import { CSV_BOM, csvCell, csvLine, documentColumns, documentsToCsv, flattenForCsv, mapCell, toCsv } from './csv';

describe('CSV', () => {
  it('quotes a field holding a comma, a quote or a line break, doubling its quotes; ends records with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'dit "oui"', 'deux\nlignes', 'rien'])).toBe('a,"b,c","dit ""oui""","deux\nlignes",rien\r\n');
  });

  it('writes cells readably: empty for nothing, lists of values joined, objects as JSON', () => {
    expect([csvCell(undefined), csvCell(null), csvCell(3), csvCell(true), csvCell(12n)]).toEqual(['', '', '3', 'true', '12']);
    expect(csvCell(['mecenat', 'innovation_societale'])).toBe('mecenat; innovation_societale');
    expect(csvCell([{ id: 'm1' }])).toBe('[{"id":"m1"}]');
    expect(csvCell({ score: 4 })).toBe('{"score":4}');
  });

  it('keeps a spreadsheet from running a text as a formula, not a number', () => {
    expect(['=1+1', '+33 1', '@SUM(A1)', '-x'].map(csvCell)).toEqual(["'=1+1", "'+33 1", "'@SUM(A1)", "'-x"]);
    expect(['-12', '+3.5', 'Égalité'].map(csvCell)).toEqual(['-12', '+3.5', 'Égalité']);
  });

  it('toCsv: a BOM (unless told not to), a header, a line per row', () => {
    const columns = [
      { header: 'mode', value: (r: { mode: string; n: number }) => r.mode },
      { header: 'partenariats', value: (r: { mode: string; n: number }) => r.n },
    ];
    const rows = [
      { mode: 'mécénat', n: 42 },
      { mode: 'innovation sociétale', n: 16 },
    ];
    expect(toCsv(columns, rows)).toBe(`${CSV_BOM}mode,partenariats\r\nmécénat,42\r\ninnovation sociétale,16\r\n`);
    expect(toCsv(columns, [], { bom: false })).toBe('mode,partenariats\r\n');
  });

  it('flattens documents: nested objects into dotted columns, in the order they first appear', () => {
    const docs = [
      { id: 'p1', territory: { id: 'alsace', name: 'Alsace' }, modes: ['mecenat'], milestones: [{ id: 'm1' }] },
      { id: 'p2', territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' }, impact: {} },
    ];
    expect(flattenForCsv(docs[0])).toEqual({ id: 'p1', 'territory.id': 'alsace', 'territory.name': 'Alsace', modes: ['mecenat'], milestones: [{ id: 'm1' }] });
    expect(documentColumns(docs).map((c) => c.header)).toEqual(['id', 'territory.id', 'territory.name', 'modes', 'milestones', 'territory.scale', 'impact']);
    expect(documentsToCsv(docs, { bom: false }).split('\r\n')).toEqual([
      'id,territory.id,territory.name,modes,milestones,territory.scale,impact',
      'p1,alsace,Alsace,mecenat,"[{""id"":""m1""}]",,',
      'p2,ardeche,Ardèche,,,departemental,{}',
      '',
    ]);
  });

  it('keeps a map keyed by ids in one cell when told so, not a column per id (a partnership’s objectives by organisation)', () => {
    const docs = [
      {
        id: 'p1',
        objectives: { flda: ['parties_prenantes', 'innovation'], 'cg-ardeche': ['parties_prenantes'] },
        assignedOn: { 'catalyseur-008': '2012-01-16' },
      },
      { id: 'p2', objectives: { 'envie-strasbourg': ['economique'] }, assignedOn: {} },
      { id: 'p3', objectives: {} },
    ];
    const maps = { maps: ['objectives', 'assignedOn'] };
    expect(documentColumns(docs, maps).map((c) => c.header)).toEqual(['id', 'objectives', 'assignedOn']);
    expect(documentsToCsv(docs, { bom: false, ...maps }).split('\r\n')).toEqual([
      'id,objectives,assignedOn',
      'p1,"flda: parties_prenantes, innovation; cg-ardeche: parties_prenantes",catalyseur-008: 2012-01-16',
      'p2,envie-strasbourg: economique,',
      'p3,,',
      '',
    ]);
    // Without being told, a nested object is still flattened into dotted columns, as before.
    expect(documentColumns(docs).map((c) => c.header)).toContain('objectives.cg-ardeche');
    expect(mapCell({ a: { b: 1 }, c: null })).toBe('a: {"b":1}; c: ');
  });
});
