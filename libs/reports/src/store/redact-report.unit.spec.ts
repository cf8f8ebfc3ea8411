import type { Redaction } from '@catalyse/projections';
import { redactReportContent, reportSearchTexts } from './redact-report';

const within = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'within', replacement });
const exact = (value: string, replacement = '[effacé]'): Redaction => ({ value, match: 'exact', replacement });

describe('redactReportContent: a name in another case, Unicode form or spacing (ADR 0006, step 4)', () => {
  const name = within('Zébulon Martin');
  // What a committee decided, as another catalyseur wrote it: the name in capitals, in small letters, decomposed.
  const decision = 'Merci ZÉBULON MARTIN et zébulon martin ; vu avec Ze\u0301bulon\u00a0Martin';
  const redacted = 'Merci [effacé] et [effacé] ; vu avec [effacé]';

  it('JSON: every string, written again as the report writes it', () => {
    const content = `${JSON.stringify({ title: 'Bilan', decisions: [decision, 'Zébulon Martin décide'] }, null, 2)}\n`;
    expect(JSON.parse(redactReportContent('json', content, [name]))).toEqual({ title: 'Bilan', decisions: [redacted, '[effacé] décide'] });
  });

  it('CSV: cell by cell, quoted again', () => {
    const content = '\uFEFFtitre;décision\r\nBilan;"Merci ZÉBULON MARTIN et zébulon martin ; vu avec Ze\u0301bulon\u00a0Martin"\r\n';
    expect(redactReportContent('csv', content, [name])).toBe(`\uFEFFtitre;décision\r\nBilan;"${redacted}"\r\n`);
  });

  it('HTML: through its escaped text; the rest of the page kept as written', () => {
    const content = `<td>Merci ZÉBULON MARTIN &amp; zébulon martin</td><td>Cafe\u0301</td>`;
    expect(redactReportContent('html', content, [name])).toBe('<td>Merci [effacé] &amp; [effacé]</td><td>Cafe\u0301</td>');
    // An apostrophe is found escaped, in capitals too.
    expect(redactReportContent('html', '<p>D&#39;ARTAGNAN, d&#39;Artagnan</p>', [within("d'Artagnan")])).toBe('<p>[effacé], [effacé]</p>');
    // A name holding a character HTML escapes, in capitals: each spelling escaped once its case is chosen (not `&AMP;`).
    expect(redactReportContent('html', '<p>Vu avec DUPONT &amp; FILS, Dupont &amp; Fils et Dupont &amp; Fils-Martin</p>', [within('Dupont & Fils')])).toBe(
      '<p>Vu avec [effacé], [effacé] et Dupont &amp; Fils-Martin</p>',
    );
    expect(redactReportContent('html', '<p>« BOB &lt;LE BRICOLEUR&gt; »</p>', [within('Bob <le bricoleur>', 'X & Y')])).toBe('<p>« X &amp; Y »</p>');
  });

  it('spares others’ values: a whole value scoped to the person (fields, onlyBeside) is nobody’s in a CSV or HTML report; a name is not looked for in a JSON report’s names outside the object holding the person’s id', () => {
    const lyon: Redaction = { value: 'Lyon', match: 'exact', replacement: '[effacé]', onlyBeside: 'cat-a', fields: ['name'] };
    expect(redactReportContent('html', '<td>Lyon</td>', [lyon])).toBe('<td>Lyon</td>');
    expect(redactReportContent('csv', 'Lyon;x\r\n', [lyon])).toBe('Lyon;x\r\n');
    const geek: Redaction = { value: 'Silver Geek', match: 'within', replacement: '[effacé]', namesBeside: 'cat-sg' };
    const report = `${JSON.stringify({ partners: [{ name: 'Silver Geek' }], decisions: ['Merci Silver Geek'] }, null, 2)}\n`;
    expect(JSON.parse(redactReportContent('json', report, [geek]))).toEqual({ partners: [{ name: 'Silver Geek' }], decisions: ['Merci [effacé]'] });
    const theirs = `${JSON.stringify({ catalyseurs: [{ id: 'cat-sg', name: 'Silver Geek' }] }, null, 2)}\n`;
    expect(JSON.parse(redactReportContent('json', theirs, [geek]))).toEqual({ catalyseurs: [{ id: 'cat-sg', name: '[effacé]' }] });
  });

  it('JSON: keeps an organisation’s name in the figures’ lists (partners, carriers) and the tables’ nameColumns; a text naming it is still redacted', () => {
    const fx: Redaction = { value: 'Fondation X', match: 'within', replacement: '[effacé]', namesBeside: 'cat-6' };
    const partners = {
      columns: ['Organisation', 'Sphère'],
      nameColumns: [0],
      rows: [
        ['FLDA', 'association'],
        ['Fondation X', 'fondation'],
      ],
    };
    const committees = { columns: ['Tenu le', 'Présents', 'Décisions'], rows: [['5 décembre 2026', 'flda, fondation-x', 'confier l’atelier à Fondation X']] };
    const report = {
      data: { partners: [{ name: 'Fondation X' }], partnerships: [{ partners: ['FLDA', 'Fondation X'] }], actions: [{ carriers: ['Fondation X'] }] },
      document: { title: 'Rapport', subtitle: 'FLDA × Fondation X', sections: [{ title: 'Partenaires', tables: [partners, committees] }] },
    };
    const redacted = JSON.parse(redactReportContent('json', `${JSON.stringify(report, null, 2)}\n`, [fx])) as typeof report;
    expect(redacted.data).toEqual(report.data);
    expect(redacted.document.sections[0]?.tables).toEqual([
      partners,
      { ...committees, rows: [['5 décembre 2026', 'flda, fondation-x', 'confier l’atelier à [effacé]']] },
    ]);
    // The subtitle is a text holding the names (« FLDA × Fondation X »): redacted, the accepted limit (ADR 0006).
    expect(redacted.document.subtitle).toBe('FLDA × [effacé]');
    // CSV and HTML carry no columns' kinds: a name of two words is looked for in every cell there, as before.
    expect(redactReportContent('csv', 'Fondation X;fondation\r\n', [fx])).toBe('[effacé];fondation\r\n');
  });

  it('JSON: a report listing the person (a territory’s catalyseurs) is theirs only in their row: the organisations keep their names', () => {
    const fx: Redaction = { value: 'Fondation X', match: 'within', replacement: '[effacé]', namesBeside: 'cat-fx' };
    const lyon: Redaction = { value: 'Lyon', match: 'exact', replacement: '[effacé]', onlyBeside: 'cat-l', fields: ['name'] };
    const actors = {
      columns: ['Organisation', 'Sphère'],
      nameColumns: [0],
      rows: [
        ['Fondation X', 'fondation'],
        ['Lyon', 'collectivite'],
      ],
    };
    // A person's name is not in `nameColumns`: a text, redacted wherever it is written whole (two words).
    const catalyseurs = {
      columns: ['Catalyseur', 'Sphère'],
      rows: [
        ['Fondation X', 'association'],
        ['Lyon', 'association'],
      ],
    };
    const report = {
      data: {
        name: 'Lyon',
        actors: [{ name: 'Fondation X' }, { name: 'Lyon' }],
        catalyseurs: [
          { id: 'cat-fx', name: 'Fondation X', sphere: 'association' },
          { id: 'cat-l', name: 'Lyon', sphere: 'association' },
        ],
        partnerships: [{ id: 'p-fx', partners: ['FLDA', 'Fondation X'] }],
      },
      document: {
        title: 'Rapport du territoire « Lyon »',
        sections: [
          { title: 'Acteurs', tables: [actors] },
          { title: 'Catalyseurs', tables: [catalyseurs] },
        ],
      },
    };
    const redacted = JSON.parse(redactReportContent('json', `${JSON.stringify(report, null, 2)}\n`, [fx, lyon])) as typeof report;
    expect(redacted.data).toEqual({
      ...report.data,
      catalyseurs: [
        { id: 'cat-fx', name: '[effacé]', sphere: 'association' },
        { id: 'cat-l', name: '[effacé]', sphere: 'association' },
      ],
    });
    expect(redacted.document).toEqual({
      ...report.document,
      sections: [
        report.document.sections[0],
        {
          title: 'Catalyseurs',
          tables: [
            {
              ...catalyseurs,
              rows: [
                ['[effacé]', 'association'],
                ['Lyon', 'association'],
              ],
            },
          ],
        },
      ],
    });
  });

  it('a row holding the person’s id is their record in every format: a one-word name and their own values go from it, the same word in another’s row stays', () => {
    // Zorro's one-word name was theirs as a `name` (an exact value scoped to their id); Lyon's is a two-word name.
    const zorro: Redaction = { value: 'Zorro', match: 'exact', replacement: '[effacé]', onlyBeside: 'cat-z', fields: ['name'] };
    const eloise: Redaction = { value: 'Éloïse Lyon', match: 'within', replacement: '[effacé]', namesBeside: 'cat-e' };
    const redactions = [eloise, zorro];
    const csv = '\uFEFFCatalyseur;Identifiant;Sphère\r\nZorro;cat-z;association\r\nZorro;cat-other;entreprise\r\nÉloïse Lyon;cat-e;association\r\n';
    expect(redactReportContent('csv', csv, redactions)).toBe(
      '\uFEFFCatalyseur;Identifiant;Sphère\r\n[effacé];cat-z;association\r\nZorro;cat-other;entreprise\r\n[effacé];cat-e;association\r\n',
    );
    const html =
      '<table><thead><tr><th scope="col">Catalyseur</th><th scope="col">Identifiant</th></tr></thead><tbody>' +
      '<tr><td>Zorro</td><td>cat-z</td></tr><tr><td>Zorro</td><td>cat-other</td></tr></tbody></table><p>Zorro</p>';
    expect(redactReportContent('html', html, redactions)).toBe(
      '<table><thead><tr><th scope="col">Catalyseur</th><th scope="col">Identifiant</th></tr></thead><tbody>' +
        '<tr><td>[effacé]</td><td>cat-z</td></tr><tr><td>Zorro</td><td>cat-other</td></tr></tbody></table><p>Zorro</p>',
    );
    const table = {
      columns: ['Catalyseur', 'Identifiant', 'Sphère'],
      rows: [
        ['Zorro', 'cat-z', 'association'],
        ['Zorro', 'cat-other', 'entreprise'],
      ],
    };
    const json = `${JSON.stringify({ document: { sections: [{ tables: [table] }] }, title: 'Zorro' }, null, 2)}\n`;
    expect(JSON.parse(redactReportContent('json', json, redactions))).toEqual({
      document: {
        sections: [
          {
            tables: [
              {
                ...table,
                rows: [
                  ['[effacé]', 'cat-z', 'association'],
                  ['Zorro', 'cat-other', 'entreprise'],
                ],
              },
            ],
          },
        ],
      },
      title: 'Zorro',
    });
    // Nothing of theirs: the files are left as they were.
    expect(redactReportContent('csv', 'Zorro;cat-other\r\n', redactions)).toBe('Zorro;cat-other\r\n');
  });

  it('an exact value is still an element’s whole text as written (not another case)', () => {
    expect(redactReportContent('html', '<td>empêchement</td><td>EMPÊCHEMENT</td>', [exact('empêchement')])).toBe('<td>[effacé]</td><td>EMPÊCHEMENT</td>');
    expect(redactReportContent('csv', 'empêchement;EMPÊCHEMENT\r\n', [exact('empêchement')])).toBe('[effacé];EMPÊCHEMENT\r\n');
  });

  it('reportSearchTexts finds every file the redaction changes (what the stores look for with instr/strpos)', () => {
    const files: [format: 'json' | 'csv' | 'html', content: string][] = [
      ['json', `${JSON.stringify({ d: [decision] }, null, 2)}\n`],
      ['json', JSON.stringify({ d: 'ZE\u0301BULON MARTIN' })],
      ['csv', `"Merci ZÉBULON MARTIN et zébulon martin ; vu"\r\n`],
      ['csv', `x;zébulon\u202fmartin\r\n`],
      ['html', '<td>Merci ZÉBULON MARTIN</td>'],
      ['html', '<p>D&#39;ARTAGNAN</p>'],
      ['html', '<p>DUPONT &amp; FILS</p>'],
    ];
    const redactions = [name, within("d'Artagnan"), within('Dupont & Fils')];
    const texts = reportSearchTexts(redactions);
    for (const [format, content] of files) {
      expect(redactReportContent(format, content, redactions)).not.toBe(content);
      expect({ content, found: texts.some((text) => content.includes(text)) }).toEqual({ content, found: true });
    }
  });
});
