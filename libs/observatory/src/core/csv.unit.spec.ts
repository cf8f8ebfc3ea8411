import { observatoryFileName } from '../sections';
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

  it('a section as one long table: `;` between its five columns, decimal commas, the group in words, its key last', () => {
    const csv = tablesCsv([BY_MODE]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines(csv)).toEqual([
      'tableau;groupe;mesure;valeur;clé',
      'Partenariats par mode;Mécénat;Nombre;1084;mecenat',
      'Partenariats par mode;Mécénat;Part (%);29,6;mecenat',
      'Partenariats par mode;Innovation sociétale;Nombre;3;innovation_societale',
      'Partenariats par mode;Innovation sociétale;Part (%);;innovation_societale',
      '',
    ]);
  });

  it('a table whose groups are their own words (a region by its name) gives the group as it is, and as its key', () => {
    expect(lines(tablesCsv([BY_REGION]))).toEqual([
      'tableau;groupe;mesure;valeur;clé',
      'Partenariats par région;Grand Est;Nombre;70;Grand Est',
      'Partenariats par région;Grand Est;Part (%);100;Grand Est',
      '',
    ]);
  });

  it('never gives a machine key as a group nor as a value: a coded column reads as its words, under its own header', () => {
    const impacts: Table = {
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
        { dimension: 'innovation_societale', label: 'Innovation sociétale', mean: 4 },
        {
          dimension: 'growth_and_jobs',
          label: 'Croissance économique et emplois',
          part_of: 'innovation_societale',
          part_of_label: 'Innovation sociétale',
          mean: 3.98,
        },
      ],
    };
    const conclusions: Table = {
      name: 'conclusions',
      title: 'Conclusions',
      columns: [
        { key: 'measure', label: 'Mesure' },
        { key: 'label', label: 'Libellé' },
        { key: 'value', label: 'Valeur' },
      ],
      rows: [{ measure: 'spread', label: 'Essaimés', value: 9 }],
    };
    expect(lines(tablesCsv([impacts, conclusions]))).toEqual([
      'tableau;groupe;mesure;valeur;clé',
      'Impacts;Innovation sociétale;Sous-dimension de;;innovation_societale',
      'Impacts;Innovation sociétale;Note moyenne;4;innovation_societale',
      'Impacts;Croissance économique et emplois;Sous-dimension de;Innovation sociétale;growth_and_jobs',
      'Impacts;Croissance économique et emplois;Note moyenne;3,98;growth_and_jobs',
      'Conclusions;Essaimés;Valeur;9;spread',
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
    expect(lines(tablesCsv([table]))[1]).toBe('"Par territoire; « tous »";"Le ""grand"" territoire\nnord";Nombre;-1,5;t1');
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

  it('is downloaded under a French name: observatoire-partenariats-…, a table by its title’s words', () => {
    expect(observatoryFileName('partnerships', '2025-03-01')).toBe('observatoire-partenariats-2025-03-01');
    expect(observatoryFileName('introductions', '2025-03-01')).toBe('observatoire-mises-en-relation-2025-03-01');
    expect(observatoryFileName('partnerships', '2025-03-01', { title: 'Partenariats par mode (un partenariat peut en avoir plusieurs)' })).toBe(
      'observatoire-partenariats-par-mode-2025-03-01',
    );
    expect(observatoryFileName('partnerships', '2025-03-01', { title: 'Jalons : à temps, en retard, reportés, abandonnés' })).toBe(
      'observatoire-partenariats-jalons-a-temps-en-retard-reportes-abandonnes-2025-03-01',
    );
  });
});
