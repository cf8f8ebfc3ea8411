import { ACTION_RESULT_OUTCOMES, EXPERIMENTATION_CATEGORIES, EXPERIMENTATION_STAGES, GROUP_MEETING_STEPS } from '@catalyse/domain';
import { EXPERIMENTATION_OBSERVATIONS } from '@catalyse/projections';
import { type FigureContext, inPeriod, section } from '../core/section';
import { countTable, Counter, type Table } from '../core/table';
import { CATEGORY_LABELS, labelIn, MEETING_STEP_LABELS, SPHERE_LABELS, STAGE_LABELS } from '../network/labels';
import { regionKey, YearlyCounts } from '../network/network-figures';
import { type ExperimentationStanding, type ExperimentationSubject, experimentationSubject } from './experiment-subject';

const STATUS_LABELS: Readonly<Record<ExperimentationStanding, string>> = { running: 'En cours', concluded: 'Conclue', abandoned: 'Abandonnée' };
const OUTCOME_LABELS = { concluante: 'Concluante', mitigee: 'Mitigée', non_concluante: 'Non concluante', non_evaluee: 'Non évaluée' };
/** Experimentations launched before categories were recorded. */
const NO_CATEGORY = 'non_renseignee';
/** The restitution's dirigeants from outside the territory (the document's third share, not a sphere). */
const FROM_OUTSIDE = 'hors_territoire';
const CATEGORY_LABELS_OR_NONE = { ...CATEGORY_LABELS, [NO_CATEGORY]: 'Non renseignée' };
const RESTITUTION_LABELS = { ...SPHERE_LABELS, [FROM_OUTSIDE]: 'Hors du territoire' };
const ESSAIMAGE_LABELS = { essaimer: 'Essaimer', ne_pas_essaimer: 'Ne pas essaimer', non_decide: 'Pas encore décidé' };

/** `essaimer`, `ne_pas_essaimer` or `non_decide`. */
const essaimageOf = (e: ExperimentationSubject): string => (e.essaimage === undefined ? 'non_decide' : e.essaimage.essaimer ? 'essaimer' : 'ne_pas_essaimer');

function experimentationTables(subjects: readonly ExperimentationSubject[], { period, regionOf, titleOf }: FigureContext): Table[] {
  const whole = subjects.length;
  const category = new Counter();
  const stage = new Counter();
  const status = new Counter();
  const dirigeants = new Counter();
  const restitution = new Counter();
  const participants = new Counter();
  const meetings = new Counter();
  const outcomes = new Counter();
  const essaimage = new Counter();
  const carriers = new Counter();
  const years = new YearlyCounts<'launched' | 'meetings' | 'restitutions' | 'follow_ups' | 'actions' | 'evaluations' | 'essaimages'>();
  let invited = 0;
  let restituted = 0;
  let actions = 0;
  let seated = 0;
  for (const e of subjects) {
    category.add(e.category ?? NO_CATEGORY);
    stage.add(e.stage);
    status.add(e.status);
    essaimage.add(essaimageOf(e));
    if (e.dirigeants !== undefined) invited += e.dirigeants;
    for (const [sphere, count] of Object.entries(e.dirigeantsBySphere ?? {})) dirigeants.add(sphere, count);
    if (e.restitution !== undefined) {
      restituted += e.restitution.dirigeants;
      for (const [sphere, count] of Object.entries(e.restitution.bySphere ?? {})) restitution.add(sphere, count);
      if (e.restitution.fromOutside !== undefined) restitution.add(FROM_OUTSIDE, e.restitution.fromOutside);
      if (inPeriod(e.restitution.day, period)) years.add(e.restitution.day, 'restitutions');
    }
    for (const f of e.followUps) if (inPeriod(f.day, period)) years.add(f.day, 'follow_ups');
    for (const sphere of e.participants) participants.add(sphere);
    seated += e.participants.length;
    for (const a of e.actions) {
      outcomes.add(a.outcome ?? 'non_evaluee');
      for (const sphere of new Set(a.carriers)) carriers.add(sphere);
    }
    actions += e.actions.length;
    if (inPeriod(e.launched, period)) years.add(e.launched, 'launched');
    for (const m of e.meetings) {
      if (!inPeriod(m.day, period)) continue;
      meetings.add(m.step);
      years.add(m.day, 'meetings');
    }
    for (const a of e.actions) if (inPeriod(a.adopted, period)) years.add(a.adopted, 'actions');
    for (const day of e.evaluations) if (inPeriod(day, period)) years.add(day, 'evaluations');
    if (e.essaimage !== undefined && inPeriod(e.essaimage.day, period)) years.add(e.essaimage.day, 'essaimages');
  }
  const meetingsHeld = [...subjects].reduce((sum, e) => sum + e.meetings.filter((m) => inPeriod(m.day, period)).length, 0);
  return [
    countTable(
      'by_category',
      'Expérimentations par catégorie',
      { key: 'category', label: 'Catégorie' },
      category,
      whole,
      [...EXPERIMENTATION_CATEGORIES, NO_CATEGORY],
      labelIn(CATEGORY_LABELS_OR_NONE),
    ),
    countTable('by_stage', 'Expérimentations par étape', { key: 'stage', label: 'Étape' }, stage, whole, EXPERIMENTATION_STAGES, labelIn(STAGE_LABELS)),
    countTable(
      'by_status',
      'Expérimentations par statut',
      { key: 'status', label: 'Statut' },
      status,
      whole,
      ['running', 'concluded', 'abandoned'],
      labelIn(STATUS_LABELS),
    ),
    {
      name: 'experimentations',
      title: 'Expérimentations collectives',
      columns: [
        { key: 'experimentation', label: 'Expérimentation' },
        { key: 'label', label: 'Libellé' },
        { key: 'territory', label: 'Territoire' },
        { key: 'region', label: 'Région' },
        { key: 'launched', label: 'Lancée le' },
        { key: 'category', label: 'Catégorie' },
        { key: 'category_label', label: 'Catégorie (libellé)' },
        { key: 'stage', label: 'Étape' },
        { key: 'stage_label', label: 'Étape (libellé)' },
        { key: 'status', label: 'Statut' },
        { key: 'status_label', label: 'Statut (libellé)' },
        { key: 'dirigeants', label: 'Dirigeants mobilisés' },
        { key: 'volunteers', label: 'Volontaires' },
        { key: 'groups', label: 'Groupes de travail' },
        { key: 'participants', label: 'Participants' },
        { key: 'meetings', label: 'Réunions' },
        { key: 'restitution', label: 'Dirigeants à la restitution' },
        { key: 'follow_ups', label: 'Réunions de suivi' },
        { key: 'actions', label: 'Actions' },
        { key: 'evaluated', label: 'Actions évaluées' },
        { key: 'essaimage', label: 'Essaimage' },
        { key: 'essaimage_label', label: 'Essaimage (libellé)' },
      ],
      rows: [...subjects]
        .sort((a, b) => a.launched.localeCompare(b.launched) || a.id.localeCompare(b.id))
        .map((e) => ({
          experimentation: e.id,
          label: titleOf('experimentation', e.id),
          territory: e.territory.name,
          region: regionKey(regionOf, e.territory),
          launched: e.launched,
          category: e.category ?? NO_CATEGORY,
          category_label: labelIn(CATEGORY_LABELS_OR_NONE)(e.category ?? NO_CATEGORY),
          stage: e.stage,
          stage_label: labelIn(STAGE_LABELS)(e.stage),
          status: e.status,
          status_label: labelIn(STATUS_LABELS)(e.status),
          dirigeants: e.dirigeants ?? null,
          volunteers: e.volunteers ?? null,
          groups: e.groups,
          participants: e.participants.length,
          meetings: e.meetings.length,
          restitution: e.restitution?.dirigeants ?? null,
          follow_ups: e.followUps.length,
          actions: e.actions.length,
          evaluated: e.actions.filter((a) => a.outcome !== undefined).length,
          essaimage: essaimageOf(e),
          essaimage_label: labelIn(ESSAIMAGE_LABELS)(essaimageOf(e)),
        })),
    },
    countTable('dirigeants_by_sphere', 'Dirigeants mobilisés par sphère', { key: 'sphere', label: 'Sphère' }, dirigeants, invited, [], labelIn(SPHERE_LABELS)),
    countTable(
      'restitution_by_sphere',
      'Dirigeants à la restitution par sphère',
      { key: 'sphere', label: 'Sphère' },
      restitution,
      restituted,
      [],
      labelIn(RESTITUTION_LABELS),
    ),
    countTable(
      'participants_by_sphere',
      'Participants des groupes de travail par sphère',
      { key: 'sphere', label: 'Sphère' },
      participants,
      seated,
      [],
      labelIn(SPHERE_LABELS),
    ),
    countTable(
      'meetings_by_step',
      'Réunions des groupes par étape',
      { key: 'step', label: 'Étape' },
      meetings,
      meetingsHeld,
      GROUP_MEETING_STEPS,
      labelIn(MEETING_STEP_LABELS),
    ),
    countTable(
      'actions_by_outcome',
      'Actions par résultat',
      { key: 'outcome', label: 'Résultat' },
      outcomes,
      actions,
      [...ACTION_RESULT_OUTCOMES, 'non_evaluee'],
      labelIn(OUTCOME_LABELS),
    ),
    countTable(
      'actions_by_carrier_sphere',
      'Actions par sphère de leurs porteurs (une action peut en avoir plusieurs)',
      { key: 'sphere', label: 'Sphère' },
      carriers,
      actions,
      [],
      labelIn(SPHERE_LABELS),
    ),
    countTable(
      'essaimage',
      'Décisions d’essaimage',
      { key: 'decision', label: 'Décision' },
      essaimage,
      whole,
      ['essaimer', 'ne_pas_essaimer', 'non_decide'],
      labelIn(ESSAIMAGE_LABELS),
    ),
    {
      name: 'activity_by_year',
      title: 'Activité des expérimentations par année',
      columns: [
        { key: 'year', label: 'Année' },
        { key: 'launched', label: 'Lancées' },
        { key: 'meetings', label: 'Réunions' },
        { key: 'restitutions', label: 'Restitutions' },
        { key: 'follow_ups', label: 'Réunions de suivi' },
        { key: 'actions', label: 'Actions adoptées' },
        { key: 'evaluations', label: 'Évaluations' },
        { key: 'essaimages', label: 'Décisions d’essaimage' },
      ],
      rows: years.rows(['launched', 'meetings', 'restitutions', 'follow_ups', 'actions', 'evaluations', 'essaimages']),
    },
  ];
}

/**
 * The collective experimentations: those whose life (launch → essaimage
 * decided or abandon) meets the period, as they stand on its last day, by
 * category, stage and status, one row each (dirigeants, groups, participants,
 * meetings, restitution, follow-ups, actions), dirigeants of the invitations
 * and of the restitutions and participants of the working groups by sphere,
 * actions by outcome and by their carriers' spheres, essaimage decisions;
 * meetings by step and the activity per year are the period's events.
 */
export const experimentationsSection = section<ExperimentationSubject>({
  name: 'experimentations',
  title: 'Expérimentations collectives',
  collection: EXPERIMENTATION_OBSERVATIONS,
  category: 'experimentation',
  subject: (doc, observations, period) => experimentationSubject(doc.id, observations, period),
  placeOf: (e) => e.territory,
  titled: ['experimentation'],
  figures: (subjects, context) => experimentationTables(subjects, context),
});
