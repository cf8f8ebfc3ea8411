import type { PartnershipEvent } from '@catalyse/domain';
import { factGroups, type ReportDocument } from '../document/document';
import { frenchDate, frenchDateTime, frenchNumber } from '../document/french';
import { buildPartnershipReport } from '../partnership/partnership-report';
import { partnershipDocument } from '../partnership/partnership-document';
import { history } from '../testing/events';
import { csvCell, renderCsv } from './csv';
import { reportFileName } from './formats';
import { escapeHtml, isWide, renderHtml, WIDE_TABLE_COLUMNS } from './html';
import { renderReport } from './render';

const hostile = history([
  {
    type: 'PartnershipProposed',
    data: {
      partnershipId: 'p1',
      title: 'Ateliers "numériques"; seniors',
      territory: { id: 'charenton', name: 'Charenton', scale: 'local' },
      partners: [
        { orgId: 'evil', name: '<script>alert(1)</script>', sphere: 'association' },
        { orgId: 'formula', name: '=HYPERLINK("http://x")', sphere: 'entreprise' },
      ],
      modes: ['innovation_societale', 'cooperation_economique'],
      proposedAt: '2012-12-10T09:00:00.000Z',
    },
    at: '2012-12-10T09:00:00.000Z',
  },
  { type: 'ObjectivesAgreed', data: { orgId: 'evil', objectives: ['ressources_humaines'], cycle: 1 } },
  { type: 'MilestonePlanned', data: { milestoneId: 'm1', title: 'Premier atelier\nà Charenton', dueDate: '2013-03-01' } },
] satisfies (PartnershipEvent & { at?: string })[]);
const context = { generatedAt: '2013-01-02T08:30:00.000Z', timeZone: 'Europe/Paris', asOf: { time: '2012-12-31', clock: 'happened' as const } };
const report = buildPartnershipReport(hostile, '2012-12-31');
if (!report) throw new Error('no report');
const document = partnershipDocument(report, context);

describe('French', () => {
  it('writes dates as people do', () => {
    expect(frenchDate('2012-12-10')).toBe('10 décembre 2012');
    expect(frenchDate('2013-03-01')).toBe('1er mars 2013');
    expect(frenchDate('2012-12-31T23:30:00.000Z', 'Europe/Paris')).toBe('1er janvier 2013');
    expect(frenchDateTime('2013-01-02T08:30:00.000Z', 'Europe/Paris')).toBe('2 janvier 2013 à 09:30');
    expect(frenchNumber(1200.5)).toBe('1 200,5');
  });

  it('labels the partnership report in French: phases, modes, spheres, the situation asked for', () => {
    expect(document.title).toBe('Rapport d’évaluation du partenariat « Ateliers "numériques"; seniors »');
    expect(document.facts).toEqual(
      expect.arrayContaining([
        { label: 'Modes', value: 'innovation sociétale, coopération économique' },
        { label: 'Phase', value: 'cadrage — cycle 1' },
        { label: 'Situation', value: 'au 31 décembre 2012 (selon la date des faits)' },
        { label: 'Établi le', value: '2 janvier 2013 à 09:30' },
      ]),
    );
    const partners = document.sections[0]?.tables?.[0];
    expect(partners?.rows).toEqual([
      ['<script>alert(1)</script>', 'association'],
      ['=HYPERLINK("http://x")', 'entreprise'],
    ]);
  });
});

describe('renderHtml', () => {
  const html = renderHtml(document);

  it('is a printable French page with no script and no external asset', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="fr">')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).toContain('<h2>Sur toute la vie du partenariat</h2>');
    expect(html).toContain('Jalons reportés');
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
  });

  it('escapes user text: a partner named <script> is shown, never run', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Ateliers &quot;numériques&quot;; seniors');
    expect(escapeHtml(`<img src=x onerror='a'>&`)).toBe('&lt;img src=x onerror=&#39;a&#39;&gt;&amp;');
  });
});

describe('renderHtml on paper', () => {
  const html = renderHtml(document);
  const print = html.slice(html.indexOf('@media print'));

  it('ends with its footer as a block of the page, never drawn over the content', () => {
    expect(html).not.toMatch(/position:\s*(fixed|absolute)/);
    expect(html.trimEnd().endsWith('<footer>Rapport établi par Catalyse à partir de l’historique des événements.</footer>\n</body>\n</html>')).toBe(true);
  });

  it('keeps each fact and its « dont … » details in one cell of the grid', () => {
    const facts = [
      { label: 'Jalons atteints', value: 3 },
      { label: 'dont à l’heure', value: 2 },
      { label: 'dont en retard', value: 1 },
      { label: 'Jalons reportés', value: 1 },
      { label: 'Jalons en cours', value: 1 },
      { label: 'dont en souffrance', value: 0 },
    ];
    expect(factGroups(facts).map((g) => [g.fact.label, g.details.map((d) => d.label)])).toEqual([
      ['Jalons atteints', ['dont à l’heure', 'dont en retard']],
      ['Jalons reportés', []],
      ['Jalons en cours', ['dont en souffrance']],
    ]);
    const page = renderHtml({ title: 'T', facts: [], sections: [{ title: 'S', facts }] });
    expect(page).toContain(
      '<div class="facts"><dl><div><dt>Jalons atteints</dt><dd>3</dd></div><div class="sub"><dt>dont à l’heure</dt><dd>2</dd></div>' +
        '<div class="sub"><dt>dont en retard</dt><dd>1</dd></div></dl><dl><div><dt>Jalons reportés</dt><dd>1</dd></div></dl>' +
        '<dl><div><dt>Jalons en cours</dt><dd>1</dd></div><div class="sub"><dt>dont en souffrance</dt><dd>0</dd></div></dl></div>',
    );
    // The partnership report's own milestones: « dont en souffrance » stays with « Jalons en cours ».
    expect(html).toMatch(/<dl><div><dt>Jalons en cours<\/dt><dd>[^<]*<\/dd><\/div><div class="sub"><dt>dont en souffrance<\/dt>/);
    expect(print).toContain('.facts dl{break-inside:avoid}');
  });

  it('prints a document with a wide table in landscape, its wide tables smaller, cells wrapping to fit', () => {
    const columns = (n: number) => Array.from({ length: n }, (_, i) => `Colonne ${i + 1}`);
    const narrow: ReportDocument = {
      title: 'T',
      facts: [],
      sections: [{ title: 'S', tables: [{ columns: columns(WIDE_TABLE_COLUMNS), rows: [columns(WIDE_TABLE_COLUMNS)] }] }],
    };
    const wide: ReportDocument = {
      title: 'T',
      facts: [],
      sections: [{ title: 'S', sections: [{ title: 'U', tables: [{ columns: columns(13), rows: [columns(13)] }] }] }],
    };
    expect(isWide(narrow)).toBe(false);
    expect(isWide(wide)).toBe(true);
    expect(renderHtml(narrow)).not.toContain('landscape');
    expect(renderHtml(narrow)).toContain('<table><thead>');
    const page = renderHtml(wide);
    expect(page).toContain('@page{size:A4 landscape}');
    expect(page).toContain('<table class="wide"><thead>');
    expect(print).toContain('table.wide{font-size:8pt}');
    expect(page).toMatch(/th\{[^}]*overflow-wrap:break-word/);
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(document);

  it('opens in French spreadsheets: BOM, semicolons, CRLF, decimal commas', () => {
    expect(csv.startsWith('\uFEFF"Rapport d’évaluation du partenariat « Ateliers ""numériques""; seniors »"\r\n')).toBe(true);
    expect(csv).toContain('\r\nOrganisation;Sphère\r\n');
    expect(csvCell(3.5)).toBe('3,5');
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(null)).toBe('');
  });

  it('quotes separators, quotes and line breaks, and keeps formulas as text', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('dit "oui"')).toBe('"dit ""oui"""');
    expect(csvCell('deux\nlignes')).toBe('"deux\nlignes"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csv).toContain(`'=HYPERLINK(""http://x"")`);
    expect(csv).toContain('"Premier atelier\nà Charenton"');
  });

  it('says an empty table in words', () => {
    const empty: ReportDocument = { title: 'T', facts: [], sections: [{ title: 'S', tables: [{ columns: ['a'], rows: [], empty: 'Aucun jalon' }] }] };
    expect(renderCsv(empty)).toBe('\uFEFFT\r\n\r\nS\r\na\r\nAucun jalon\r\n');
  });

  it('writes a section’s title once, over its facts and its untitled table (« Chiffres clés » was written twice)', () => {
    const keyFigures: ReportDocument = {
      title: 'T',
      facts: [],
      sections: [
        {
          title: 'Chiffres clés',
          facts: [{ label: 'Relevés le', value: '1er juin 2016' }],
          tables: [{ columns: ['Chiffre', 'Valeur'], rows: [['Communes', 1840]] }],
        },
      ],
    };
    expect(renderCsv(keyFigures)).toBe(
      '\uFEFFT\r\n\r\nChiffres clés\r\nRubrique;Valeur\r\nRelevés le;1er juin 2016\r\n\r\nChiffre;Valeur\r\nCommunes;1840\r\n',
    );
    // Each cycle's milestones: their counts and their table under one « Cycle 1 — Pilotage : jalons prévus et atteints ».
    const titles = csv.split('\r\n').filter((line) => line.startsWith('Cycle 1 — '));
    expect(titles).toEqual([...new Set(titles)]);
    expect(titles).toContain('Cycle 1 — Pilotage : jalons prévus et atteints');
  });
});

describe('renderReport and file names', () => {
  it('renders JSON with the figures and the document', () => {
    const json = JSON.parse(renderReport('json', { kind: 'partnership', subject: 'p1', generatedAt: context.generatedAt, data: report, document })) as {
      data: { partners: unknown[] };
      document: { title: string };
    };
    expect(json.data.partners).toHaveLength(2);
    expect(json.document.title).toBe(document.title);
  });

  it('names files in ASCII, without accents', () => {
    expect(reportFileName(['rapport', 'partenariat', 'FLDA × Conseil général', 'au', '2012-12-31'], 'html')).toBe(
      'rapport-partenariat-flda-conseil-general-au-2012-12-31.html',
    );
    expect(reportFileName(['"; rm -rf /'], 'csv')).toBe('rm-rf.csv');
  });
});
