import { hostname } from 'node:os';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { CommandHandler } from '@catalyse/commands';
import { ERASURE_REASONS, ERASURE_REFERENCE_PATTERN, type ErasureReason, personDecider, personStream } from '@catalyse/domain';
import { opsCliActor } from '@catalyse/operations';
import type { SubjectRecord } from '@catalyse/personal-data';
import { type CatalyseConfig, openEventStores } from '@catalyse/runtime';
import { identifierArg } from './arguments';
import { frenchDateTime, OpsRefusal, requireEventLog } from './french-output';

/** The erasure reasons (GDPR art. 17) in French, beside their codes in the help and the refusals. */
export const ERASURE_REASON_WORDS: Readonly<Record<ErasureReason, string>> = {
  request_of_the_person: 'à la demande de la personne',
  no_longer_needed: 'les données ne sont plus nécessaires',
  consent_withdrawn: 'retrait du consentement',
  objection: 'opposition au traitement',
  unlawful_processing: 'traitement illicite',
  legal_obligation: 'obligation légale',
};

const reasonsText = ERASURE_REASONS.map((r) => `${r} (${ERASURE_REASON_WORDS[r]})`).join(', ');

const reasonArg = (value: string): ErasureReason => {
  if (!(ERASURE_REASONS as readonly string[]).includes(value)) throw new InvalidArgumentError(`attendu : ${reasonsText}`);
  return value as ErasureReason;
};

const referenceArg = (value: string): string => {
  if (!ERASURE_REFERENCE_PATTERN.test(value)) throw new InvalidArgumentError('attendu : un numéro de ticket (lettres, chiffres, . _ - /, 64 au plus)');
  return value;
};
const secondsArg = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 3600) throw new InvalidArgumentError('attendu : un nombre de secondes de 0 à 3600');
  return n;
};

/** One sentence of a person's state: « Les données personnelles de cat-claire sont effacées depuis le … : leur clé est détruite. » */
export const line = (record: SubjectRecord, timeZone: string): string => {
  const when = record.erasedAt ? ` depuis le ${frenchDateTime(record.erasedAt, timeZone)}` : '';
  if (record.status === 'erased') return `Les données personnelles de ${record.subject} sont effacées${when} : leur clé est détruite.\n`;
  if (record.status === 'erasing')
    return `L’effacement des données personnelles de ${record.subject} est en cours : illisibles partout, le projecteur retire les anciennes valeurs des modèles de lecture.\n`;
  if (record.status === 'active') return `Les données personnelles de ${record.subject} sont détenues (chiffrées), dans ${record.streams} flux.\n`;
  return `Aucune donnée personnelle de ${record.subject} n’est connue.\n`;
};

/**
 * `ops erase <subject>` and `ops person <subject>`: an operator erases a
 * person's personal data (as `POST /api/people/{id}/erase` does) and follows it
 * until the running projector has removed the former values and destroyed the key.
 */
export function registerEraseCommands(program: Command, config: () => CatalyseConfig): void {
  program
    .command('erase')
    .description(
      'efface les données personnelles d’une personne (RGPD) : illisibles aussitôt, retirées de chaque modèle de lecture par le projecteur en service, clé détruite',
    )
    .argument('<personne>', 'l’identifiant de la personne (un catalyseur, un participant, l’auteur d’un message)', identifierArg)
    .addOption(new Option('--reason <motif>', `le motif de l’effacement : ${reasonsText}`).argParser(reasonArg).makeOptionMandatory())
    .option('--reference <ticket>', 'votre référence pour la demande (sans donnée personnelle)', referenceArg)
    .option('--wait <secondes>', 'combien de secondes attendre que le projecteur achève l’effacement', secondsArg, 60)
    .action(async (subject: string, options: { reason: ErasureReason; reference?: string; wait: number }) => {
      const cfg = config();
      const { timeZone } = cfg;
      if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
      const { events, personal } = await openEventStores(cfg);
      try {
        const before = await personal.keys.record(subject);
        if (before.status === 'unknown') {
          process.stderr.write(`${subject} : aucune donnée personnelle n’est enregistrée pour cet identifiant ; rien à effacer.\n`);
          process.exitCode = 1;
          return;
        }
        // Erased once and for all: a second request is refused, as the API answers it (409), with the day it was done.
        if (before.status === 'erased') {
          const when = before.erasedAt ? ` le ${frenchDateTime(before.erasedAt, timeZone)}` : '';
          throw new OpsRefusal(`les données personnelles de ${subject} ont déjà été effacées${when} ; rien à effacer`);
        }
        const now = new Date().toISOString();
        await personal.keys.beginErasure(subject, now);
        const actor = opsCliActor(hostname());
        const data = { subject, reason: options.reason, ...(options.reference ? { reference: options.reference } : {}), requestedBy: actor, erasedAt: now };
        try {
          await new CommandHandler(events).handle(
            personDecider,
            personStream(subject),
            { type: 'ErasePersonalData', data },
            { actor, correlationId: `erase-${subject}`, occurredAt: now },
          );
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'CONFLICT') throw error;
          // Asked before (the API answers 409): said where it stands, as a refusal. An attempt that stopped before
          // recording the erasure is not one: its command goes through above.
          const asked = before.erasureAskedAt ? ` le ${frenchDateTime(before.erasureAskedAt, timeZone)}` : '';
          throw new OpsRefusal(
            `l’effacement des données personnelles de ${subject} a déjà été demandé${asked} ; il est en cours (npm run ops -- person ${subject} pour le suivre)`,
          );
        }
        process.stdout.write(`Effacement de ${subject} demandé : ses données personnelles se lisent désormais « [effacé] ».\n`);
        const deadline = Date.now() + options.wait * 1000;
        let record = await personal.keys.record(subject);
        while (record.status !== 'erased' && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          record = await personal.keys.record(subject);
        }
        process.stdout.write(line(record, timeZone));
        if (record.status !== 'erased') {
          process.stdout.write(
            `Le projecteur ne l’a pas encore achevé en ${options.wait} s : il l’achève en service (s’il est arrêté, dès qu’il tourne : npm start, ou le service projector). Suivi : npm run ops -- person ${subject}\n`,
          );
          process.exitCode = 3;
        }
      } finally {
        await events.close();
      }
    });

  program
    .command('person')
    .description('indique si les données personnelles d’une personne sont détenues, en cours d’effacement ou effacées')
    .argument('<personne>', 'l’identifiant de la personne', identifierArg)
    .action(async (subject: string) => {
      const cfg = config();
      const { timeZone } = cfg;
      if (cfg.eventStore === 'sqlite') requireEventLog(cfg.dataDir);
      const { events, personal } = await openEventStores(cfg);
      try {
        process.stdout.write(line(await personal.keys.record(subject), timeZone));
      } finally {
        await events.close();
      }
    });
}
