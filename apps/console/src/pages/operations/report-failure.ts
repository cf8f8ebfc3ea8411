/**
 * Why a report failed, in French, as the Opérations page says it. The reasons the report's producers write in French
 * are recognised by their exact shapes and shown as they are; any other (a failure nobody foresaw carries the error's
 * own text, often English) is never shown: a French sentence sends to the server's logs. Pure, for the page and its
 * unit tests.
 */

/** The beginning of the reason the report job records for a failure it did not foresee (the rest is the error's own, often English). */
const UNFORESEEN = 'le rapport n’a pas pu être établi';

const FRENCH_MONTHS = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';
/**
 * What the report job (libs/reports, `ReportRefused`) says a report cannot be made of: « le partenariat X »,
 * « l’expérimentation X » or « le territoire X » « n’existe pas », at the report's date when it has one: a day
 * (« au 1er juin 2008 »), an instant (« au 14 décembre 2012 à 09:30 ») or, as older reports said, `au 2009-12-31`.
 */
const JOB_REFUSAL = new RegExp(
  `^(le partenariat|l’expérimentation|le territoire) \\S+ n’existe pas( au ((1er|\\d{1,2}) (${FRENCH_MONTHS}) \\d{4}( à \\d{2}:\\d{2})?|\\d{4}-\\d{2}-\\d{2})( selon ce qui était enregistré)?)?$`,
);

/**
 * A report of `ops report` stopped while it was built (apps/ops, `reportInterrupted`): Ctrl-C, or a stop signal
 * named by the system (`SIGTERM`).
 */
const INTERRUPTED = /^(interrompu par l’opérateur \(Ctrl-C\)|arrêté par un signal d’arrêt \(SIG[A-Z]{1,10}\)) ; relancez ops report$/;

/**
 * A report whose job failed or ended for good without finishing it (libs/reports, `orphanFailedReason`): the queue's
 * words put in French, or what became of the job.
 */
const ORPHANED = new RegExp(
  `^${UNFORESEEN} : sa tâche (a été abandonnée après plusieurs arrêts de son processus|a été relancée trop de fois sans aboutir|a échoué sans l’achever|a pris fin sans l’achever) ; demandez-le de nouveau$`,
);

/** The reasons written in French, shown as they are. */
const FRENCH_REASONS: readonly RegExp[] = [JOB_REFUSAL, INTERRUPTED, ORPHANED];

/**
 * Why a report failed, in French. The reasons its producers write in French (« le territoire nowhere n’existe pas au
 * 31 décembre 2009 », « interrompu par l’opérateur (Ctrl-C) ; relancez ops report », « le rapport n’a pas pu être
 * établi : sa tâche a échoué sans l’achever ; demandez-le de nouveau ») are shown as they are; a failure the job did
 * not foresee carries the error's own text, often English: never shown (the server's logs have it), a French sentence
 * instead.
 */
export function reportFailure(reason: string | undefined): string {
  if (!reason) return 'raison non précisée';
  if (FRENCH_REASONS.some((pattern) => pattern.test(reason))) return reason;
  if (reason.startsWith(UNFORESEEN)) return `${UNFORESEEN} (erreur inattendue du serveur : ses journaux en disent la cause)`;
  return `${UNFORESEEN} (raison non traduite : voir les journaux du serveur)`;
}
