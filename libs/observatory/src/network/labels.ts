import type { CatalyseurSkill, ExperimentationCategory, ExperimentationStage, GatheringKind, GroupMeetingStep, ParcoursStep, Sphere } from '@catalyse/domain';

/** The network's words as people read them (French), for the `label` column of the network's tables. */

export const SPHERE_LABELS: Readonly<Record<Sphere, string>> = {
  association: 'Association',
  entreprise: 'Entreprise',
  collectivite: 'Collectivité',
  academique: 'Monde académique',
  fondation: 'Fondation',
  institution: 'Institution',
  media: 'Média',
};

export const SKILL_LABELS: Readonly<Record<CatalyseurSkill, string>> = {
  dialogue_territorial: 'Dialogue territorial',
  mise_en_relation: 'Mise en relation',
  experimentations_collectives: 'Expérimentations collectives',
  accompagnement_partenariat: 'Accompagnement de partenariats',
};

export const GATHERING_KIND_LABELS: Readonly<Record<GatheringKind, string>> = {
  rencontre_annuelle: 'Rencontre annuelle',
  webinaire: 'Webinaire',
  atelier: 'Atelier',
  conference: 'Conférence',
  speed_dating: 'Speed dating',
};

export const STAGE_LABELS: Readonly<Record<ExperimentationStage, string>> = {
  emergence_besoins: 'Émergence des besoins',
  co_construction: 'Co-construction',
  restitution: 'Restitution des travaux',
  mise_en_oeuvre: 'Mise en œuvre des actions',
  evaluation_resultats: 'Évaluation des résultats',
};

export const CATEGORY_LABELS: Readonly<Record<ExperimentationCategory, string>> = {
  impulsion_acteurs: 'Impulsion d’acteurs territoriaux',
  experimentation_collective: 'Expérimentation collective',
  co_innovation: 'Co-innovation territoriale',
};

export const MEETING_STEP_LABELS: Readonly<Record<GroupMeetingStep, string>> = {
  etat_des_lieux: 'État des lieux',
  propositions: 'Propositions',
  plan_action: 'Plan d’action',
};

export const PARCOURS_STEP_LABELS: Readonly<Record<ParcoursStep, string>> = {
  solutions: 'Les solutions',
  chaine_de_valeur: 'La chaîne de valeur',
  modele_economique: 'Le modèle économique',
  dispositif: 'Le dispositif',
};

/** The label of a known word, else the word itself (a value the vocabulary does not list yet). */
export function labelIn(labels: Readonly<Record<string, string>>): (key: string) => string {
  return (key) => (Object.hasOwn(labels, key) ? (labels[key] ?? key) : key);
}
