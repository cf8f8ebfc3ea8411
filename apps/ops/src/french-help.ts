import { type Argument, type Command, Help, type Option } from 'commander';

/**
 * commander's own words in French: the help's headings, the `[command]` of the
 * usage line, the details after a description (choices, default), the help
 * option and command, and its error messages. `frenchHelp(program)` must run
 * before the subcommands are added: each copies these settings from its parent
 * when `.command()` creates it.
 */

const HEADINGS: Readonly<Record<string, string>> = {
  'Usage:': 'Utilisation :',
  'Arguments:': 'Arguments :',
  'Options:': 'Options :',
  'Global Options:': 'Options globales :',
  'Commands:': 'Commandes :',
};

const quoted = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** A description followed by commander's details, in French: `… (obligatoire ; choix : "a", "b" ; par défaut : "a")`. */
function withDetails(description: string, details: readonly string[]): string {
  if (details.length === 0) return description;
  const extra = `(${details.join(' ; ')})`;
  return description ? `${description} ${extra}` : extra;
}

const choices = (values: readonly string[] | undefined): string[] => (values ? [`choix : ${values.map(quoted).join(', ')}`] : []);

/** commander's Help with French words; every other method is commander's own. */
const FRENCH_HELP: Partial<Help> = {
  styleTitle: (title: string): string => HEADINGS[title] ?? title,

  commandUsage(this: Help, cmd: Command): string {
    return Help.prototype.commandUsage.call(this, cmd).replace(/\[command\]/g, '[commande]');
  },

  optionDescription(option: Option): string {
    const details = option.mandatory ? ['obligatoire'] : [];
    details.push(...choices(option.argChoices));
    // As commander: a default is shown for options taking a value, and for a boolean one only when it is a boolean.
    const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    if (option.defaultValue !== undefined && showDefault) details.push(`par défaut : ${option.defaultValueDescription ?? quoted(option.defaultValue)}`);
    if (option.presetArg !== undefined && option.optional) details.push(`sans valeur : ${quoted(option.presetArg)}`);
    if (option.envVar !== undefined) details.push(`variable d’environnement : ${option.envVar}`);
    return withDetails(option.description, details);
  },

  argumentDescription(argument: Argument): string {
    const details = choices(argument.argChoices);
    if (argument.defaultValue !== undefined) details.push(`par défaut : ${argument.defaultValueDescription ?? quoted(argument.defaultValue)}`);
    return withDetails(argument.description, details);
  },
};

/** The end of commander's "invalid value" messages: our own reason (already French) or its list of choices. */
function reason(detail: string): string {
  const text = detail.trim().replace(/\.$/, '');
  const allowed = /^Allowed choices are (.*)$/s.exec(text);
  const french = allowed ? `valeurs possibles : ${allowed[1] ?? ''}` : text;
  return french ? ` (${french})` : '';
}

const plural = (n: string, word: string): string => `${n} ${word}${Number(n) > 1 ? 's' : ''}`;
const source = (kind: string, name: string): string => (kind === 'option' ? `l’option « ${name} »` : `la variable d’environnement « ${name} »`);

/** commander's messages (without their `error: `), each with its French wording. */
const MESSAGES: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [/^unknown option '(.*)'$/s, (flag) => `option inconnue « ${flag} »`],
  [/^unknown command '(.*)'$/s, (name) => `commande inconnue « ${name} »`],
  [/^required option '(.*)' not specified$/s, (flags) => `l’option « ${flags} » est obligatoire`],
  [/^missing required argument '(.*)'$/s, (name) => `l’argument « ${name} » est obligatoire`],
  [/^option '(.*)' argument missing$/s, (flags) => `l’option « ${flags} » attend une valeur`],
  [
    /^option '(.*)' value '(.*)' from env '(.*)' is invalid\.(.*)$/s,
    (flags, value, env, detail) =>
      `la valeur « ${value} » de la variable d’environnement « ${env} » ne convient pas à l’option « ${flags} »${reason(detail ?? '')}`,
  ],
  [
    /^option '(.*)' argument '(.*)' is invalid\.(.*)$/s,
    (flags, value, detail) => `valeur « ${value} » refusée pour l’option « ${flags} »${reason(detail ?? '')}`,
  ],
  [
    /^command-argument value '(.*)' is invalid for argument '(.*)'\.(.*)$/s,
    (value, name, detail) => `valeur « ${value} » refusée pour l’argument « ${name} »${reason(detail ?? '')}`,
  ],
  [
    /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/s,
    (name, expected, got) => `trop d’arguments${name ? ` pour « ${name} »` : ''} : ${plural(expected ?? '0', 'attendu')}, ${plural(got ?? '0', 'donné')}`,
  ],
  [
    /^(option|environment variable) '(.*)' cannot be used with (option|environment variable) '(.*)'$/s,
    (kind, name, otherKind, other) => `${source(kind ?? '', name ?? '')} ne peut pas être employée avec ${source(otherKind ?? '', other ?? '')}`,
  ],
];

/** One of commander's error messages (`error: …`, perhaps with a suggestion) in French; any other text unchanged. */
export function frenchError(message: string): string {
  const match = /^error: (.*?)(\n\(Did you mean (one of )?(.*)\?\))?(\n?)$/s.exec(message);
  if (!match) return message;
  const [, text = '', suggestion, several, similar, newline = ''] = match;
  let french = `erreur : ${text}`;
  for (const [pattern, wording] of MESSAGES) {
    const found = pattern.exec(text);
    if (found) {
      french = `erreur : ${wording(...found.slice(1).map((group) => group ?? ''))}`;
      break;
    }
  }
  if (suggestion) french += several ? `\n(Vouliez-vous dire l’une de celles-ci : ${similar} ?)` : `\n(Vouliez-vous dire ${similar} ?)`;
  return `${french}${newline}`;
}

/** Puts commander's words in French on `program` and, through it, on every subcommand added afterwards. */
export function frenchHelp(program: Command): Command {
  return program
    .configureHelp(FRENCH_HELP)
    .helpOption('-h, --help', 'affiche l’aide de la commande')
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .configureOutput({ outputError: (text, write) => write(frenchError(text)) });
}
