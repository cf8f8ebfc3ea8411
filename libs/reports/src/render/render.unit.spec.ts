import type { PartnershipEvent } from '@catalyse/domain';
import type { ReportDocument } from '../document/document';
import { frenchDate, frenchDateTime, frenchNumber } from '../document/french';
import { buildPartnershipReport } from '../partnership/partnership-report';
import { partnershipDocument } from '../partnership/partnership-document';
import { history } from '../testing/events';
import { csvCell, renderCsv } from './csv';
import { reportFileName } from './formats';
import { escapeHtml, renderHtml } from './html';
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
