import { type Command, CommanderError } from 'commander';
import { frenchError } from './french-help';
import { exitCodeOf } from './french-output';
import { buildProgram } from './program';

/** commander's English words, and the former English descriptions of the CLI, none of which an operator should read. */
const ENGLISH = [
  'Usage:',
  'Options:',
  'Commands:',
  'Arguments:',
  'display help',
  'output the version',
  '[command]',
  'choices:',
  'default:',
  'error:',
  'mint a bearer',
  'aggregate id',
  'global position',
  'export the global log',
  'Did you mean',
  // The former English placeholders.
  '<subject>',
  '<reason>',
  '<seconds>',
  '<duration>',
  '<role>',
  '<kind>',
  '<clock>',
  '<file>',
  '<dir>',
  '<prefix',
  '[baseUrl]',
];
/** Common English words, as whole words: a description left untranslated would have some. */
const ENGLISH_WORDS = /\b(the|of|and|with|for|from|into|every|which|when|whether)\b/;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Parses `args` as `npm run ops -- …` would, without running an action: commander throws instead of exiting. */
function run(...args: string[]): Run {
  let out = '';
  let err = '';
  const program = buildProgram((p) =>
    p.exitOverride().configureOutput({
      writeOut: (text) => (out += text),
      writeErr: (text) => (err += text),
      getOutHelpWidth: () => 200,
      getErrHelpWidth: () => 200,
    }),
  );
  try {
    program.parse(args, { from: 'user' });
  } catch (error) {
    // The exit code main.ts gives it.
    if (error instanceof CommanderError) return { code: exitCodeOf(error), out, err };
    throw error;
  }
  throw new Error(`ops ${args.join(' ')} was expected to stop before any action`);
}

const leftovers = (text: string): string[] => [
  ...ENGLISH.filter((english) => text.includes(english)),
  // Option names (`--from`) and hyphenated names (`as-of`) are the contract, not prose.
  ...(ENGLISH_WORDS.exec(text.replace(/--?\w[\w-]*|\w+(-\w+)+/g, '')) ?? []).slice(0, 1),
];

describe('ops: help and errors in French', () => {
  it('`ops --help` lists the commands with French headings and descriptions', () => {
    const { code, out } = run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Utilisation : ops \[options\] \[commande\]\n/);
    expect(out).toContain('\nOptions :\n');
    expect(out).toContain('\nCommandes :\n');
    expect(out).toMatch(/-h, --help +affiche l’aide de la commande/);
    expect(out).toMatch(/help \[commande\] +affiche l’aide d’une commande/);
    expect(out).toMatch(/token \[options\] +crée un jeton d’accès/);
    expect(out).toMatch(/as-of \[options\] +l’état d’un agrégat/);
    expect(out).toMatch(/export \[options\] +exporte le journal global/);
    expect(out).toMatch(/erase \[options\] <personne> +efface les données personnelles/);
    expect(leftovers(out)).toEqual([]);
  });

  it('`ops token --help` (and `ops help token`) describe its options in French, with their choices and defaults', () => {
    const { code, out } = run('token', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Utilisation : ops token \[options\]\n/);
    expect(out).toContain('\nOptions :\n');
    expect(out).toMatch(/--sub <id> +le titulaire du jeton : l’identifiant d’un catalyseur, d’une personne, d’un opérateur \(obligatoire\)/);
    expect(out).toMatch(/--role <rôle> +son rôle \(obligatoire ; choix : "catalyseur", "partner", "operator"\)/);
    expect(out).toMatch(/--expires-in <durée> +durée de validité : .* \(par défaut : 12h\)/);
    expect(out).toMatch(/-h, --help +affiche l’aide de la commande/);
    expect(leftovers(out)).toEqual([]);
    expect(run('help', 'token').out).toBe(out);
  });

  it('the help of every command is French throughout', () => {
    const commands = (buildProgram().commands as Command[]).map((command) => command.name());
    expect(commands).toEqual(
      expect.arrayContaining(['token', 'as-of', 'export', 'verify', 'rebuild', 'demo', 'generate', 'report', 'observatory', 'erase', 'person']),
    );
    for (const name of commands) {
      const { code, out } = run(name, '--help');
      expect({ name, code, out: out.slice(0, 40) }).toEqual({ name, code: 0, out: expect.stringMatching(/^Utilisation : ops /) });
      expect({ name, leftovers: leftovers(out) }).toEqual({ name, leftovers: [] });
    }
    expect(run('as-of', '--help').out).toMatch(/--id <id> +l’identifiant de l’agrégat \(obligatoire\)/);
    expect(run('as-of', '--help').out).toMatch(/--kind <type> +le type d’agrégat \(choix : "partnership", [\s\S]* ; par défaut : "partnership"\)/);
    expect(run('erase', '--help').out).toMatch(/\nArguments :\n +personne +l’identifiant de la personne/);
  });

  it('an unknown option is refused in French, with a suggestion and the help, and exit 2 (a command line that makes no sense)', () => {
    const { code, out, err } = run('token', '--sub', 'op-1', '--role', 'operator', '--sbu', 'x');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^erreur : option inconnue « --sbu »\n\(Vouliez-vous dire --sub \?\)\n/);
    expect(err).toContain('Utilisation : ops token [options]');
    expect(leftovers(err)).toEqual([]);
  });

  it('a missing required option, a refused value, an unknown command or a missing argument: a French error, exit 2 as the actions’ refusals of arguments', () => {
    const cases: [string[], RegExp][] = [
      [['token', '--role', 'operator'], /^erreur : l’option « --sub <id> » est obligatoire\n/],
      [['token', '--sub', 'op-1'], /^erreur : l’option « --role <rôle> » est obligatoire\n/],
      [
        ['token', '--sub', 'op-1', '--role', 'chef'],
        /^erreur : valeur « chef » refusée pour l’option « --role <rôle> » \(valeurs possibles : catalyseur, partner, operator\)\n/,
      ],
      [
        ['token', '--sub', 'op-1', '--role', 'operator', '--expires-in', '1000j'],
        /^erreur : valeur « 1000j » refusée pour l’option « --expires-in <durée> » \(attendu : une durée entre 1 seconde et 90 jours/,
      ],
      [['token', '--sub'], /^erreur : l’option « --sub <id> » attend une valeur\n/],
      [['jeton'], /^erreur : commande inconnue « jeton »\n/],
      [['erase', '--reason', 'consent_withdrawn'], /^erreur : l’argument « personne » est obligatoire\n/],
      [['person', 'p-1', 'p-2'], /^erreur : trop d’arguments pour « person » : 1 attendu, 2 donnés\n/],
      [['person', '../x'], /^erreur : valeur « \.\.\/x » refusée pour l’argument « personne » \(attendu : un identifiant/],
      [['erase', '../x', '--reason', 'consent_withdrawn'], /^erreur : valeur « \.\.\/x » refusée pour l’argument « personne »/],
      [
        ['token', '--sub', 'op-1', '--role', 'operator', '--link', 'ftp://x'],
        /^erreur : valeur « ftp:\/\/x » refusée pour l’option « --link \[url\] » \(attendu : l’adresse http ou https/,
      ],
      [['token', '--sub', 'op-1', '--role', 'operator', '--link', 'javascript:alert(1)'], /refusée pour l’option « --link \[url\] »/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = run(...args);
      expect({ args, code, err }).toEqual({ args, code: 2, err: expect.stringMatching(message) });
      expect({ args, leftovers: leftovers(err) }).toEqual({ args, leftovers: [] });
    }
  });

  it('frenchError: every message commander writes, and any other text left as it is', () => {
    expect(frenchError('error: too many arguments. Expected 0 arguments but got 3.\n')).toBe('erreur : trop d’arguments : 0 attendu, 3 donnés\n');
    expect(frenchError("error: unknown command 'exprot'\n(Did you mean one of export, report?)\n")).toBe(
      'erreur : commande inconnue « exprot »\n(Vouliez-vous dire l’une de celles-ci : export, report ?)\n',
    );
    expect(frenchError("error: option '--a' cannot be used with environment variable 'B'\n")).toBe(
      'erreur : l’option « --a » ne peut pas être employée avec la variable d’environnement « B »\n',
    );
    expect(frenchError("error: command-argument value 'x' is invalid for argument 'section'. Allowed choices are a, b.\n")).toBe(
      'erreur : valeur « x » refusée pour l’argument « section » (valeurs possibles : a, b)\n',
    );
    expect(frenchError('error: something new\n')).toBe('erreur : something new\n');
    expect(frenchError('ops : déjà en français\n')).toBe('ops : déjà en français\n');
  });
});
