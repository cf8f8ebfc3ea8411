import { tableCsv, tablesCsv } from './csv';
import type { Table } from './table';

const BY_MODE: Table = {
  name: 'by_mode',
  title: 'Partenariats par mode',
  columns: [
    { key: 'mode', label: 'Mode' },
    { key: 'label', label: 'Libellé' },
    { key: 'count', label: 'Nombre' },
    { key: 'share', label: 'Part (%)' },
  ],
  rows: [
    { mode: 'mecenat', label: 'Mécénat', count: 1084, share: 29.6 },
    { mode: 'innovation_societale', label: 'Innovation sociétale', count: 3, share: null },
  ],
};

const BY_REGION: Table = {
  name: 'by_region',
  title: 'Partenariats par région',
  columns: [
    { key: 'region', label: 'Région' },
    { key: 'count', label: 'Nombre' },
    { key: 'share', label: 'Part (%)' },
  ],
  rows: [{ region: 'Grand Est', count: 70, share: 100 }],
};

const lines = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('the observatory’s CSV, as a French spreadsheet reads it (the evaluation reports’ conventions)', () => {
  it('one table: a byte order mark, `;` between cells, CRLF, decimal commas, no thousands separator, empty for nothing', () => {
    const csv = tableCsv(BY_MODE);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual(['Mode;Libellé;Nombre;Part (%)', 'mecenat;Mécénat;1084;29,6', 'innovation_societale;Innovation sociétale;3;', '']);
  });

  it('a section as one long table: `;` between its five columns, decimal commas', () => {
    const csv = tablesCsv([BY_MODE]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual([
      'tableau;groupe;libellé;mesure;valeur',
      'Partenariats par mode;mecenat;Mécénat;Nombre;1084',
      'Partenariats par mode;mecenat;Mécénat;Part (%);29,6',
      'Partenariats par mode;innovation_societale;Innovation sociétale;Nombre;3',
      'Partenariats par mode;innovation_societale;Innovation sociétale;Part (%);',
      '',
    ]);
  });

  it('a table whose groups are their own words (a region by its name) gives the group as its label, never an empty one', () => {
    expect(lines(tablesCsv([BY_REGION]))).toEqual([
      'tableau;groupe;libellé;mesure;valeur',
      'Partenariats par région;Grand Est;Grand Est;Nombre;70',
      'Partenariats par région;Grand Est;Grand Est;Part (%);100',
      '',
    ]);
  });

  it('quotes a cell holding `;`, a quote or a line break (quotes doubled), and keeps a formula as text', () => {
    const table: Table = {
      name: 'by_territory',
      title: 'Par territoire; « tous »',
      columns: [
        { key: 'territory', label: 'Territoire' },
        { key: 'label', label: 'Libellé' },
        { key: 'count', label: 'Nombre' },
      ],
      rows: [
        { territory: 't1', label: 'Le "grand" territoire\nnord', count: -1.5 },
        { territory: 't2', label: '=HYPERLINK("x")', count: 2 },
      ],
    };
    expect(lines(tableCsv(table))).toEqual(['Territoire;Libellé;Nombre', 't1;"Le ""grand"" territoire\nnord";-1,5', 't2;"\'=HYPERLINK(""x"")";2', '']);
    expect(lines(tablesCsv([table]))[1]).toBe('"Par territoire; « tous »";t1;"Le ""grand"" territoire\nnord";Nombre;-1,5');
  });

  it('a cell a row does not have (a dimension’s `part_of`) is empty', () => {
    const table: Table = {
      name: 'impacts',
      title: 'Impacts',
      columns: [
        { key: 'dimension', label: 'Dimension' },
        { key: 'label', label: 'Libellé' },
        { key: 'part_of', label: 'Sous-dimension de' },
        { key: 'part_of_label', label: 'Sous-dimension de (libellé)' },
        { key: 'mean', label: 'Note moyenne' },
      ],
      rows: [
        { dimension: 'confiance', label: 'Confiance', mean: 3.75 },
        { dimension: 'collective_trust', label: 'Confiance collective', part_of: 'confiance', part_of_label: 'Confiance', mean: 3.5 },
      ],
    };
    expect(lines(tableCsv(table))).toEqual([
      'Dimension;Libellé;Sous-dimension de;Sous-dimension de (libellé);Note moyenne',
      'confiance;Confiance;;;3,75',
      'collective_trust;Confiance collective;confiance;Confiance;3,5',
      '',
    ]);
  });
});
