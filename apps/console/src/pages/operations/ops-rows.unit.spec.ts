/// <reference types="jest" />
import type { FeedEntry } from '@catalyse/protocol';
import {
  batchItems,
  batchName,
  batchProblem,
  liveReports,
  liveRows,
  namedIds,
  orderedFormats,
  type NameOf,
  ofTerritory,
  opsLine,
  progressMessage,
  reportDay,
  reportFailure,
  reportSubjectName,
  resetText,
  requestedReports,
} from './ops-rows';

let seq = 0;
const entry = (kind: string, data: Record<string, unknown>): FeedEntry => {
  seq += 1;
  return { room: 'ops', epoch: 2, seq, position: String(100 + seq), at: '2026-12-02T10:00:00Z', kind, data };
};
const report = { reportId: 'r1', kind: 'partnership', subject: 'flda-cg-ardeche', href: '/api/reports/r1' };

describe('the ops feed, as the Opérations page tells it', () => {
  it('tells each kind of entry the read models route to ops in French', () => {
    const lines = [
      entry('ReportRequested', { ...report, status: 'requested', requestedBy: 'op-1', asOf: { time: '2011-12-31', clock: 'happened' } }),
      entry('ReportProgressed', {
        ...report,
        status: 'running',
        done: 0,
        total: 1,
        percent: 0,
        message: 'rapport sur le partenariat flda-cg-ardeche : en cours',
      }),
      entry('ReportCompleted', { ...report, status: 'completed', formats: ['html', 'csv', 'json'], items: 1 }),
      entry('ReportFailed', {
        reportId: 'r2',
        kind: 'territory',
        subject: 'territory:ardeche year:2012',
        status: 'failed',
        reason: 'le territoire ardeche n’existe pas',
      }),
      entry('PartnershipProposed', { partnershipId: 'p1', title: 'Lire en Ardèche', phase: 'cadrage', cycle: 1, partners: ['FLDA', 'CG 07'] }),
      entry('EvaluationConcluded', { partnershipId: 'p1', title: 'Lire en Ardèche', cycle: 1, decision: 'renouveler' }),
      entry('GatheringHeld', { gatheringId: 'g1', kind: 'rencontre_annuelle', theme: 'Rencontre 2018', date: '2018-06-12', registered: 117, attended: 100 }),
      entry('StageAdvanced', { experimentationId: 'x1', title: 'Agir ensemble', stage: 'co_construction' }),
      entry('OrganisationsIntroduced', { introductionId: 'i1', organisations: [{ name: 'Asso' }, { name: 'Ent' }], catalyseurId: 'catalyseur-001' }),
      entry('PilotProgressRecorded', { parcoursId: 'pc', title: 'Mobilité 2020', territoryName: 'Drôme', step: 'modele_economique' }),
      entry('ParcoursCompleted', { parcoursId: 'pc', title: 'Parcours d’expérience « Co-construction territoriale »' }),
      entry('ParcoursSessionHeld', {
        parcoursId: 'pc',
        title: 'Parcours d’expérience « Co-construction territoriale »',
        sessionNumber: 2,
        theme: 'Chaîne de valeur',
        present: 7,
      }),
      entry('CatalyseurJoined', { catalyseurId: 'c1', name: 'Camille', territory: 'alsace' }),
      entry('SomethingNew', {}),
      entry('GatheringHeld', { theme: 'Webinaire', registered: 24, attended: 0 }),
    ].map((e) => opsLine(e));
    expect(lines.map((l) => [l.topic, l.text])).toEqual([
      ['Rapport', 'Rapport demandé sur le partenariat flda-cg-ardeche, à la date du 31 décembre 2011, par op-1'],
      ['Rapport', 'Rapport sur le partenariat flda-cg-ardeche : 0 % — rapport sur le partenariat flda-cg-ardeche : en cours'],
      ['Rapport', 'Rapport sur le partenariat flda-cg-ardeche prêt (HTML, CSV, JSON)'],
      ['Rapport', 'Rapport sur les partenariats du territoire ardeche actifs en 2012 échoué : le territoire ardeche n’existe pas'],
      ['Partenariat', 'Partenariat proposé : « Lire en Ardèche » (FLDA, CG 07)'],
      ['Partenariat', 'Évaluation conclue : « Lire en Ardèche », décision : renouvellement'],
      ['Rencontre', 'Rencontre tenue : Rencontre 2018 (100 présents sur 117 inscrits)'],
      ['Expérimentation', 'Expérimentation « Agir ensemble » : étape co-construction'],
      ['Mise en relation', 'Mise en relation : Asso, Ent, par catalyseur-001'],
      ['Parcours', 'Parcours « Mobilité 2020 » : Drôme avance (modèle économique)'],
      ['Parcours', 'Parcours terminé : Parcours d’expérience « Co-construction territoriale »'],
      ['Parcours', 'Parcours d’expérience « Co-construction territoriale » : séance 2 (Chaîne de valeur), 7 territoires présents'],
      ['Catalyseur', 'Camille rejoint le réseau (alsace)'],
      ['Événement', 'Événement : SomethingNew'],
      ['Rencontre', 'Rencontre tenue : Webinaire (24 inscrits)'],
    ]);
  });

  it('tells an erasure in the ops feed in French, with its own topic', () => {
    const line = opsLine(
      entry('PersonalDataRedacted', {
        entries: [
          { seq: 1, data: {} },
          { seq: 2, data: {} },
          { seq: 9, data: {} },
        ],
      }),
    );
    expect([line.topic, line.text]).toEqual(['Données personnelles', 'Des données personnelles ont été effacées : 3 entrées du fil réécrites']);
  });

  it('names a report’s subject, and a catalyseur, once their names are read (the id until then)', () => {
    const names: Record<string, string> = { 'flda-cg-ardeche': 'Lire en Ardèche', 'catalyseur-001': 'Claire Martin', ardeche: 'Ardèche' };
    const nameOf: NameOf = (_kind, id) => names[id];
    const entries = [
      entry('ReportRequested', { ...report, status: 'requested', requestedBy: 'op-1' }),
      entry('ReportProgressed', { ...report, status: 'running', percent: 0, message: 'rapport sur le partenariat flda-cg-ardeche : en cours' }),
      entry('ReportFailed', {
        reportId: 'r2',
        kind: 'territory',
        subject: 'territory:ardeche year:2012',
        status: 'failed',
        reason: 'le territoire ardeche n’existe pas',
      }),
      entry('OrganisationsIntroduced', { introductionId: 'i1', organisations: [{ name: 'Asso' }], catalyseurId: 'catalyseur-001' }),
      entry('ReportCompleted', { ...report, subject: 'inconnu', status: 'completed' }),
    ];
    expect(entries.map((e) => opsLine(e, nameOf).text)).toEqual([
      'Rapport demandé sur le partenariat « Lire en Ardèche », par op-1',
      'Rapport sur le partenariat « Lire en Ardèche » : 0 % — rapport sur le partenariat « Lire en Ardèche » : en cours',
      'Rapport sur les partenariats de l’Ardèche actifs en 2012 échoué : le territoire ardeche n’existe pas',
      'Mise en relation : Asso, par Claire Martin',
      'Rapport sur le partenariat inconnu prêt',
    ]);
    expect(namedIds(entries)).toEqual({
      partnership: ['flda-cg-ardeche', 'inconnu'],
      experimentation: [],
      territory: ['ardeche'],
      catalyseur: ['catalyseur-001'],
    });
    expect(reportSubjectName('partnership', 'flda-cg-ardeche', nameOf)).toBe('« Lire en Ardèche »');
    expect(reportSubjectName('partnership', 'autre')).toBe('autre');
    expect(progressMessage('rapport 2 sur 5', 'partnership', 'flda-cg-ardeche', nameOf)).toBe('rapport 2 sur 5');
  });

  it('says a batch of partnership reports in French, by its territory’s name once read (never `territory:… year:…`)', () => {
    const names: Record<string, string> = { alsace: 'Alsace', bretagne: 'Bretagne', 'ile-de-france': 'Île-de-France' };
    const nameOf: NameOf = (kind, id) => (kind === 'territory' ? names[id] : undefined);
    expect(reportSubjectName('partnership', 'territory:alsace year:2014', nameOf)).toBe('Partenariats de l’Alsace actifs en 2014');
    expect(batchName('territory:ile-de-france', nameOf)).toBe('Partenariats de l’Île-de-France');
    expect(batchName('year:2014', nameOf)).toBe('Partenariats actifs en 2014');
    expect(batchName('territory:bretagne year:2013', nameOf)).toBe('Partenariats du territoire Bretagne actifs en 2013');
    expect(batchName('territory:alsace year:2014')).toBe('Partenariats du territoire alsace actifs en 2014');
    expect(batchName('flda-cg-ardeche')).toBeUndefined();
    const requested = entry('ReportRequested', {
      reportId: 'b1',
      kind: 'partnership',
      subject: 'territory:alsace year:2014',
      status: 'requested',
      requestedBy: 'op-1',
    });
    expect(opsLine(requested, nameOf).text).toBe('Rapport demandé sur les partenariats de l’Alsace actifs en 2014, par op-1');
    expect(opsLine(requested, nameOf).text).not.toMatch(/territory:|year:/);
    expect(namedIds([requested]).territory).toEqual(['alsace']);
    expect(progressMessage('3 partenariats du territoire alsace, actifs en 2014', 'partnership', 'territory:alsace year:2014', nameOf)).toBe(
      '3 partenariats de l’Alsace, actifs en 2014',
    );
    expect(ofTerritory('Cantal')).toBe('du territoire Cantal');
  });

  it('writes counts and numbers the French way', () => {
    expect(opsLine(entry('GatheringHeld', { theme: 'Forum', registered: 1250, attended: 1 })).text).toBe(
      'Rencontre tenue : Forum (1 présent sur 1\u202f250 inscrits)',
    );
  });

  it('follows each report from its entries: the later entry wins, progress kept until the end', () => {
    const entries = [
      entry('ReportRequested', { ...report, status: 'requested', requestedBy: 'op-1' }),
      entry('ReportProgressed', { ...report, status: 'running', percent: 40, message: 'rapport 2 sur 5' }),
      entry('ReportRequested', { ...report, reportId: 'r3', status: 'requested', requestedBy: 'op-2' }),
      entry('PilotageStarted', { partnershipId: 'p1', title: 'x', cycle: 1 }),
    ];
    expect(Object.fromEntries(liveReports(entries))).toEqual({
      r1: { status: 'running', percent: 40, message: 'rapport 2 sur 5' },
      r3: { status: 'requested' },
    });
    const done = liveReports([...entries, entry('ReportCompleted', { ...report, status: 'completed', formats: ['html'] })]);
    expect(done.get('r1')).toEqual({ status: 'completed', percent: 40, message: 'rapport 2 sur 5', formats: ['html'] });
    expect(requestedReports(entries)).toEqual(['r1', 'r3']);
  });

  it('says why a report failed in French only: the job’s own words, else a French sentence (never the English of an error)', () => {
    expect(reportFailure('le territoire nowhere-zz n’existe pas')).toBe('le territoire nowhere-zz n’existe pas');
    expect(reportFailure('l’expérimentation charenton n’existe pas au 2009-12-31')).toBe('l’expérimentation charenton n’existe pas au 2009-12-31');
    // Every refusal the report job writes (libs/reports/src/job/report-job.ts): each kind, without a date, at a day
    // (« 1er », a day of one or two digits, any month) and at an instant.
    for (const reason of [
      'le partenariat flda-cg-ardeche n’existe pas',
      'le partenariat flda-cg-ardeche n’existe pas au 1er juin 2008',
      'l’expérimentation charenton n’existe pas au 9 août 2011',
      'le territoire ardeche n’existe pas au 31 décembre 2009',
      'le territoire ardeche n’existe pas au 1er janvier 2009 à 09:30',
      'le partenariat flda-cg-ardeche n’existe pas au 14 février 2012 à 23:05',
    ]) {
      expect(reportFailure(reason)).toBe(reason);
    }
    // Not the job's words: never shown as is.
    expect(reportFailure('le partenariat flda n’existe pas au 1er juin 2008 because of stuff')).toMatch(/raison non traduite/);
    expect(reportFailure('the partnership flda n’existe pas')).toMatch(/raison non traduite/);
    expect(reportFailure('le rapport n’a pas pu être établi : connect ECONNREFUSED 127.0.0.1:5432')).toBe(
      'le rapport n’a pas pu être établi (erreur inattendue du serveur : ses journaux en disent la cause)',
    );
    expect(reportFailure('job stalled more than allowable limit')).toBe(
      'le rapport n’a pas pu être établi (raison non traduite : voir les journaux du serveur)',
    );
    expect(reportFailure(undefined)).toBe('raison non précisée');
  });
});

describe('the reports’ list', () => {
  it('dates a report at its asOf, else at the day it was asked for (never « aujourd’hui » forever)', () => {
    expect(reportDay({ asOf: { time: '2011-12-31' }, requestedAt: '2026-12-04T10:00:00.000Z' })).toBe('31 décembre 2011');
    expect(reportDay({ requestedAt: '2026-06-01T10:00:00.000Z' })).toBe('1er juin 2026');
    expect(reportDay({ asOf: {}, requestedAt: '2026-12-04T10:00:00.000Z' })).toBe('4 décembre 2026');
  });
});

describe('batchProblem: a batch of partnerships checked before it is asked for', () => {
  it('takes a territory, a year or both', () => {
    expect(batchProblem('alsace', '', 2026)).toBeUndefined();
    expect(batchProblem('', '2014', 2026)).toBeUndefined();
    expect(batchProblem('alsace', ' 2026 ', 2026)).toBeUndefined();
  });

  it('refuses neither, a year that is not one, and a year not come yet, in French', () => {
    expect(batchProblem('', ' ', 2026)).toBe('Choisissez un territoire, une année, ou les deux.');
    expect(batchProblem('alsace', '14', 2026)).toBe('L’année s’écrit en quatre chiffres (ex. 2014).');
    expect(batchProblem('alsace', '2014.5', 2026)).toBe('L’année s’écrit en quatre chiffres (ex. 2014).');
    expect(batchProblem('alsace', '1066', 2026)).toBe('L’année 1066 est trop ancienne : un lot porte sur 1900 au plus tôt.');
    expect(batchProblem('', '2027', 2026)).toBe('L’année 2027 n’est pas encore venue : un lot porte sur 2026 au plus tard.');
  });
});

describe('the partnership reports of a batch', () => {
  it('lists every item but the index, by title in French order, with the formats kept for it, in the page’s order', () => {
    const files = (item: string, ...formats: string[]) => formats.map((format) => ({ item, format }));
    const lines = batchItems({
      items: [
        { item: 'zz-ecole', title: 'École et entreprises' },
        { item: 'aa-ville', title: 'Ville solidaire' },
        { item: 'sans-titre' },
        { item: 'perdu', title: 'Sans fichier' },
      ],
      files: [
        ...files('@index', 'html', 'csv', 'json'),
        ...files('aa-ville', 'json', 'html', 'csv'),
        ...files('zz-ecole', 'csv'),
        ...files('sans-titre', 'html'),
      ],
    });
    expect(lines).toEqual([
      { item: 'zz-ecole', title: 'École et entreprises', formats: ['csv'] },
      { item: 'sans-titre', title: 'sans-titre', formats: ['html'] },
      { item: 'aa-ville', title: 'Ville solidaire', formats: ['html', 'csv', 'json'] },
    ]);
    expect(batchItems({})).toEqual([]);
  });

  it('offers a report’s formats in one order, HTML first, whatever order the job wrote them in', () => {
    expect(orderedFormats(['json', 'csv', 'html'])).toEqual(['html', 'csv', 'json']);
    expect(orderedFormats(['json', 'pdf'])).toEqual(['json', 'pdf']);
    expect(orderedFormats(undefined)).toEqual(['html', 'csv', 'json']);
  });
});

describe('« Activité en direct », newest first', () => {
  const at = (epoch: number, n: number): FeedEntry => ({ room: 'ops', epoch, seq: n, position: String(n), at: '2026-12-05T10:00:00Z', kind: 'x', data: {} });
  const order = (rows: ReturnType<typeof liveRows>): string[] =>
    rows.map((r) => (r.type === 'entry' ? `${r.entry.epoch}.${r.entry.seq}` : `reset ${r.reset.epoch}`));

  it('places a reset where it happened: above the entries it read again, below those that came after it', () => {
    const entries = [at(3, 12), at(3, 11), at(3, 10), at(3, 9)];
    const reset = { epoch: 3, at: '2026-12-05T10:01:00Z', reread: 10, after: { epoch: 3, seq: 10 } };
    expect(order(liveRows(entries, [reset]))).toEqual(['3.12', '3.11', 'reset 3', '3.10', '3.9']);
  });

  it('keeps a reset still resynchronising on top, and several resets newest first', () => {
    expect(order(liveRows([at(2, 5), at(2, 4)], [{ epoch: 3, at: '2026-12-05T10:01:00Z' }]))).toEqual(['reset 3', '2.5', '2.4']);
    const resets = [
      { epoch: 2, at: '2026-12-05T09:00:00Z', reread: 3, after: { epoch: 2, seq: 3 } },
      { epoch: 3, at: '2026-12-05T10:00:00Z', reread: 4, after: { epoch: 3, seq: 4 } },
    ];
    expect(order(liveRows([at(3, 5), at(3, 4)], resets))).toEqual(['3.5', 'reset 3', '3.4', 'reset 2']);
    expect(order(liveRows([], resets))).toEqual(['reset 3', 'reset 2']);
  });

  it('says a reset in French, with French plurals', () => {
    expect(resetText({ epoch: 3, at: '' })).toBe('Le salon des opérations passe à l’époque 3 et se resynchronise…');
    expect(resetText({ epoch: 3, at: '', reread: 1 })).toBe('Le salon des opérations est passé à l’époque 3 : 1 entrée relue.');
    expect(resetText({ epoch: 3, at: '', reread: 0 })).toBe('Le salon des opérations est passé à l’époque 3 : 0 entrée relue.');
    expect(resetText({ epoch: 3, at: '', reread: 12 })).toBe('Le salon des opérations est passé à l’époque 3 : 12 entrées relues.');
  });
});
