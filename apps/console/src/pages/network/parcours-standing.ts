/**
 * A parcours « Terminé » while some of its pilot territories stopped before its last step (three of the 2018 parcours
 * at « Le modèle économique ») or withdrew: its status says so, « Terminé (3 territoires sur 12 arrêtés avant la
 * dernière étape) ». The observatory's section gives both tables (`parcours`, and `pilots` with each active pilot's
 * step); the status is told from them, in the table the page shows. Pure: unit-tested.
 */
import { PARCOURS_STEPS } from '@catalyse/domain';
import type { Cell, ObservatoryTableData } from '../../ui/observatory-table-plan';
import { count } from '../../ui/words';

const LAST_STEP: string = PARCOURS_STEPS[PARCOURS_STEPS.length - 1] ?? 'dispositif';

const num = (cell: Cell): number => (typeof cell === 'number' ? cell : 0);

/**
 * « Terminé (3 territoires sur 12 arrêtés avant la dernière étape ; 1 retiré) »: a completed parcours whose active
 * pilots did not all reach its last step, or some withdrew; any other status as the api labels it.
 */
export function parcoursStatusText(label: string, completed: boolean, active: number, stopped: number, withdrawn: number): string {
  if (!completed) return label;
  const parts = [
    ...(stopped > 0
      ? [`${count(stopped, 'territoire')} sur ${active.toLocaleString('fr-FR')} ${stopped > 1 ? 'arrêtés' : 'arrêté'} avant la dernière étape`]
      : []),
    ...(withdrawn > 0 ? [`${count(withdrawn, 'retiré', 'retirés')}`] : []),
  ];
  return parts.length > 0 ? `${label} (${parts.join(' ; ')})` : label;
}

/** The section's tables, the `parcours` table's status told from its pilots (the others as they are). */
export function withParcoursStanding(tables: readonly ObservatoryTableData[]): readonly ObservatoryTableData[] {
  const pilots = tables.find((t) => t.name === 'pilots');
  const parcours = tables.find((t) => t.name === 'parcours');
  if (!pilots || !parcours || !parcours.columns.some((c) => c.key === 'status_label')) return tables;
  const stoppedOf = (id: Cell): number => pilots.rows.filter((p) => p['parcours'] === id && p['step'] !== LAST_STEP).length;
  const told: ObservatoryTableData = {
    ...parcours,
    rows: parcours.rows.map((row) => ({
      ...row,
      status_label: parcoursStatusText(
        String(row['status_label'] ?? row['status'] ?? ''),
        row['status'] === 'completed',
        num(row['pilots']),
        stoppedOf(row['parcours']),
        num(row['withdrawn']),
      ),
    })),
  };
  return tables.map((t) => (t === parcours ? told : t));
}
