/// <reference types="jest" />
import { fileNameOf } from './files';

describe('the name of a downloaded file', () => {
  const fallback = 'rapport-year_2015.csv';

  it('is the one the server gives in its Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="rapports-partenariats-alsace-2014.html"', fallback)).toBe('rapports-partenariats-alsace-2014.html');
    expect(fileNameOf('attachment; filename=events.csv', fallback)).toBe('events.csv');
    expect(fileNameOf('Attachment; FILENAME="a \\"b\\".json"', fallback)).toBe('a "b".json');
  });

  it('prefers `filename*` (UTF-8, percent-encoded) to `filename`', () => {
    expect(fileNameOf(`attachment; filename="rapport-ardeche.html"; filename*=UTF-8''rapport-ard%C3%A8che%202014.html`, fallback)).toBe(
      'rapport-ardèche 2014.html',
    );
    expect(fileNameOf(`attachment; filename*=utf-8'fr'synth%C3%A8se.csv`, fallback)).toBe('synthèse.csv');
    // An unreadable `filename*` (bad escape, unknown charset): `filename`.
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A; filename="rapport.html"`, fallback)).toBe('rapport.html');
    expect(fileNameOf(`attachment; filename*=koi8-r''x.html; filename="rapport.html"`, fallback)).toBe('rapport.html');
  });

  it('falls back to the console’s own name when the server names none', () => {
    expect(fileNameOf(null, fallback)).toBe(fallback);
    expect(fileNameOf('', fallback)).toBe(fallback);
    expect(fileNameOf('attachment', fallback)).toBe(fallback);
    expect(fileNameOf('attachment; filename=""', fallback)).toBe(fallback);
  });

  it('keeps no folder in the name', () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"', fallback)).toBe('passwd');
    expect(fileNameOf('attachment; filename="..\\\\x.csv"', fallback)).toBe('x.csv');
    expect(fileNameOf('attachment; filename=".."', fallback)).toBe(fallback);
  });
});
