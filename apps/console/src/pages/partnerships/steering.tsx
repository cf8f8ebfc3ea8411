/**
 * Steering a partnership from its board: the commands of its phase (cadrage, pilotage, évaluation) for those who may
 * act on it (`steererOf`). Each form sends its command with its own Idempotency-Key (a double click records once),
 * its button disabled while it is sent; once accepted, the board is read again until it is at the command's revision
 * (as `Accompanying` does), and a refusal is said in French (`partnershipErrorText`).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { partnershipCommand } from '../../api';
import { type Sent, useCommandForms } from '../../ui/command-forms';
import { date, OBJECTIVES } from '../../ui/common';
import { quoted } from '../../ui/words';
import { ConcludeForm, ImpactForm } from './evaluation-forms';
import { partnershipErrorText, type RefusalContext } from './refusals';
import { DateInput, SteerForm, type Steering, TextInput } from './steer-fields';
import { actionsOf, agreedObjectives, decisionsFault, isOpen, lines, networkToday, objectiveOrgs, objectivesPartner, reflects, type Steerer } from './steer';
import type { Board, Milestone } from './types';

export function useSteering(id: string, b: Board, reload: () => void): Steering {
  const context: RefusalContext = useMemo(
    () => ({
      milestoneTitle: (m) => b.milestones.find((x) => x.milestoneId === m)?.title,
      partnerName: (o) => b.partners.find((p) => p.orgId === o)?.name,
    }),
    [b],
  );
  const forms = useCommandForms<Board, number>({
    view: b,
    reload,
    shows: reflects,
    refusal: (error) => partnershipErrorText(error, context),
    page: 'le tableau de bord',
  });
  const send: Steering['send'] = (form, command, body, idempotencyKey) =>
    forms.send(
      form,
      () => partnershipCommand(id, command, body, idempotencyKey),
      (accepted) => accepted.revision,
    );
  return { send, busy: forms.busy, error: forms.error, done: forms.done };
}

function ObjectivesForm({ b, steerer, steering }: { b: Board; steerer: Steerer; steering: Steering }) {
  const orgs = objectiveOrgs(steerer, b);
  const [orgId, setOrgId] = useState(() => objectivesPartner(orgs, b.objectives));
  const [chosen, setChosen] = useState<readonly string[]>(() => agreedObjectives(b.objectives, orgId));
  // Until the person picks a partner or a box, the form follows the board: it opens on a partner that has not agreed
  // yet, and shows checked what the partner it names has agreed (the board read again, live or after a command), so
  // that one click never overwrites a partner's objectives with empty boxes.
  const touched = useRef(false);
  const recorded = JSON.stringify(b.objectives);
  useEffect(() => {
    const next = touched.current ? orgId : objectivesPartner(orgs, b.objectives, orgId);
    if (next !== orgId) setOrgId(next);
    setChosen(agreedObjectives(b.objectives, next));
  }, [recorded, orgId]);
  const pick = (o: string): void => {
    touched.current = true;
    setOrgId(o);
  };
  const check = (k: string, on: boolean): void => {
    touched.current = true;
    setChosen(on ? [...chosen.filter((c) => c !== k), k] : chosen.filter((c) => c !== k));
  };
  const name = (o: string): string => b.partners.find((p) => p.orgId === o)?.name ?? o;
  return (
    <SteerForm
      name="objectives"
      title="Convenir des objectifs"
      hint={steerer.role === 'partner' ? `Les objectifs de votre organisation, ${name(orgId)}.` : 'Les objectifs de chaque partenaire, tour à tour.'}
      submit="Convenir des objectifs"
      steering={steering}
      disabled={chosen.length === 0}
      onSubmit={async (key) => {
        const ok = await steering.send('objectives', 'agree-objectives', { orgId, objectives: chosen }, key);
        // Agreed: once the board shows it, the form moves on to a partner that has not agreed yet.
        if (ok) touched.current = false;
        return ok;
      }}
    >
      {steerer.role !== 'partner' && (
        <div class="steer-field">
          <label for="st-obj-org">Partenaire</label>
          <select id="st-obj-org" value={orgId} onChange={(e) => pick(e.currentTarget.value)}>
            {orgs.map((o) => (
              <option key={o} value={o}>
                {name(o)}
                {(b.objectives[o] ?? []).length ? ' (convenus)' : ''}
              </option>
            ))}
          </select>
        </div>
      )}
      <fieldset class="steer-choices">
        <legend>Objectifs</legend>
        {Object.entries(OBJECTIVES).map(([k, v]) => (
          <div class="check" key={k}>
            <input id={`st-obj-${k}`} type="checkbox" checked={chosen.includes(k)} onChange={(e) => check(k, e.currentTarget.checked)} />
            <label for={`st-obj-${k}`}>{v}</label>
          </div>
        ))}
      </fieldset>
    </SteerForm>
  );
}

function PlanMilestoneForm({ steering }: { steering: Steering }) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  return (
    <SteerForm
      name="plan"
      title="Planifier un jalon"
      submit="Planifier le jalon"
      steering={steering}
      onSubmit={async (key) => {
        const ok = await steering.send('plan', 'plan-milestone', { title: title.trim(), dueDate: due }, key);
        if (ok) {
          setTitle('');
          setDue('');
        }
        return ok;
      }}
    >
      <TextInput id="st-plan-title" label="Titre du jalon" value={title} onChange={setTitle} />
      <DateInput id="st-plan-due" label="Échéance" value={due} onChange={setDue} />
    </SteerForm>
  );
}

/** A dated step of the phases (start pilotage, open the evaluation): a date, today by default, and one button. */
function DatedStep(props: {
  name: string;
  title: string;
  hint: string;
  submit: string;
  command: string;
  field: string;
  dateLabel: string;
  steering: Steering;
}) {
  const { name, title, hint, submit, command, field, dateLabel, steering } = props;
  const today = networkToday();
  const [on, setOn] = useState(today);
  return (
    <SteerForm name={name} title={title} hint={hint} submit={submit} steering={steering} onSubmit={(key) => steering.send(name, command, { [field]: on }, key)}>
      <DateInput id={`st-${name}-on`} label={dateLabel} value={on} onChange={setOn} max={today} />
    </SteerForm>
  );
}

function CommitteeForm({ b, steering }: { b: Board; steering: Steering }) {
  const today = networkToday();
  const [heldOn, setHeldOn] = useState(today);
  const [attendees, setAttendees] = useState<readonly string[]>(() => b.partners.map((p) => p.orgId));
  const [decisions, setDecisions] = useState('');
  const fault = decisionsFault(decisions);
  return (
    <SteerForm
      name="committee"
      title="Tenir un comité de pilotage"
      submit="Enregistrer le comité"
      steering={steering}
      disabled={fault !== undefined}
      onSubmit={async (key) => {
        const ok = await steering.send('committee', 'hold-steering-committee', { heldOn, attendees, decisions: lines(decisions) }, key);
        if (ok) setDecisions('');
        return ok;
      }}
    >
      <DateInput id="st-committee-on" label="Tenu le" value={heldOn} onChange={setHeldOn} max={today} />
      <fieldset class="steer-choices">
        <legend>Partenaires présents</legend>
        {b.partners.map((p) => (
          <div class="check" key={p.orgId}>
            <input
              id={`st-committee-${p.orgId}`}
              type="checkbox"
              checked={attendees.includes(p.orgId)}
              onChange={(e) => setAttendees(e.currentTarget.checked ? [...attendees, p.orgId] : attendees.filter((a) => a !== p.orgId))}
            />
            <label for={`st-committee-${p.orgId}`}>{p.name}</label>
          </div>
        ))}
      </fieldset>
      <div class="steer-field">
        <label for="st-committee-decisions">Décisions (une par ligne)</label>
        <textarea
          id="st-committee-decisions"
          rows={3}
          required
          value={decisions}
          aria-describedby={fault ? 'st-committee-decisions-error' : undefined}
          onInput={(e) => setDecisions(e.currentTarget.value)}
        />
        {fault && (
          <small id="st-committee-decisions-error" class="error field-error" role="alert">
            {fault}
          </small>
        )}
      </div>
    </SteerForm>
  );
}

function IndicatorForm({ steering }: { steering: Steering }) {
  const today = networkToday();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState('');
  const [on, setOn] = useState(today);
  const [target, setTarget] = useState('');
  const [direction, setDirection] = useState('');
  return (
    <SteerForm
      name="indicator"
      title="Mesurer un indicateur"
      submit="Enregistrer la mesure"
      steering={steering}
      onSubmit={async (key) => {
        const body = {
          name: name.trim(),
          value: Number(value),
          measuredOn: on,
          ...(unit.trim() ? { unit: unit.trim() } : {}),
          ...(target.trim() ? { target: Number(target) } : {}),
          ...(direction ? { direction } : {}),
        };
        const ok = await steering.send('indicator', 'record-indicator', body, key);
        if (ok) setValue('');
        return ok;
      }}
    >
      <TextInput id="st-indicator-name" label="Indicateur" value={name} onChange={setName} />
      <div class="steer-row">
        <div class="steer-field">
          <label for="st-indicator-value">Valeur</label>
          <input id="st-indicator-value" type="number" step="any" required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
        <TextInput id="st-indicator-unit" label="Unité (facultatif)" value={unit} onChange={setUnit} required={false} />
      </div>
      <DateInput id="st-indicator-on" label="Mesuré le" value={on} onChange={setOn} max={today} />
      <div class="steer-row">
        <div class="steer-field">
          <label for="st-indicator-target">Cible (facultatif)</label>
          <input id="st-indicator-target" type="number" step="any" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        </div>
        <div class="steer-field">
          <label for="st-indicator-direction">Sens de la cible</label>
          <select id="st-indicator-direction" value={direction} onChange={(e) => setDirection(e.currentTarget.value)}>
            <option value="">—</option>
            <option value="increase">à atteindre ou dépasser</option>
            <option value="decrease">à ne pas dépasser</option>
          </select>
        </div>
      </div>
    </SteerForm>
  );
}

/** The panel of the phase's commands, for those who steer the partnership. */
export function SteeringPanel({ b, steerer, steering }: { b: Board; steerer: Steerer; steering: Steering }) {
  const actions = actionsOf(b.phase);
  const has = (a: (typeof actions)[number]): boolean => actions.includes(a);
  const lead: Record<string, string> = {
    cadrage: 'Cadrage : chaque partenaire convient de ses objectifs et au moins un jalon est planifié ; le pilotage peut alors commencer.',
    pilotage:
      'Pilotage : les jalons sont atteints, replanifiés ou abandonnés (dans le tableau des jalons), les comités tenus, les indicateurs mesurés ; puis l’évaluation s’ouvre.',
    evaluation: 'Évaluation : l’impact est évalué sur ses trois dimensions, puis l’évaluation est conclue.',
  };
  return (
    <section class="card steering" aria-labelledby="h-steering">
      <h2 id="h-steering">Piloter le partenariat</h2>
      <p class="hint">{lead[b.phase]}</p>
      <div class="steer-grid">
        {has('agree-objectives') && <ObjectivesForm b={b} steerer={steerer} steering={steering} />}
        {has('plan-milestone') && <PlanMilestoneForm steering={steering} />}
        {has('start-pilotage') && (
          <DatedStep
            name="start"
            title="Commencer le pilotage"
            hint="Quand chaque partenaire a convenu de ses objectifs et qu’un jalon est planifié."
            submit="Commencer le pilotage"
            command="start-pilotage"
            field="startedOn"
            dateLabel="Début du pilotage"
            steering={steering}
          />
        )}
        {has('hold-steering-committee') && <CommitteeForm b={b} steering={steering} />}
        {has('record-indicator') && <IndicatorForm steering={steering} />}
        {has('open-evaluation') && (
          <DatedStep
            name="open"
            title="Ouvrir l’évaluation"
            hint="Met fin au pilotage de ce cycle."
            submit="Ouvrir l’évaluation"
            command="open-evaluation"
            field="openedOn"
            dateLabel="Ouverture le"
            steering={steering}
          />
        )}
        {has('assess-impact') && <ImpactForm b={b} steering={steering} />}
        {has('conclude-evaluation') && <ConcludeForm steering={steering} />}
      </div>
    </section>
  );
}

export type MilestoneAct = { readonly milestoneId: string; readonly act: 'reach' | 'reschedule' | 'drop' };

/** The buttons of an open milestone's row: in pilotage it may be reached; in cadrage and pilotage rescheduled or dropped. */
export function MilestoneButtons({ m, phase, steering, onChoose }: { m: Milestone; phase: string; steering: Steering; onChoose: (a: MilestoneAct) => void }) {
  if (!isOpen(m)) return <>—</>;
  const button = (act: MilestoneAct['act'], text: string) => (
    <button type="button" class="secondary small" disabled={steering.busy} onClick={() => onChoose({ milestoneId: m.milestoneId, act })}>
      {text}
      <span class="sr-only"> : {m.title}</span>
    </button>
  );
  return (
    <div class="row-actions">
      {phase === 'pilotage' && button('reach', 'Atteint')}
      {button('reschedule', 'Replanifier')}
      {button('drop', 'Abandonner')}
    </div>
  );
}

/** The form of the act chosen on a milestone's row. */
export function MilestoneActForm({ m, act, steering, onClose }: { m: Milestone; act: MilestoneAct['act']; steering: Steering; onClose: () => void }) {
  const today = networkToday();
  const [on, setOn] = useState(act === 'reschedule' ? m.dueDate : today);
  const [reason, setReason] = useState('');
  const titles = { reach: 'Marquer le jalon atteint', reschedule: 'Replanifier le jalon', drop: 'Abandonner le jalon' };
  const submit = { reach: 'Marquer atteint', reschedule: 'Replanifier', drop: 'Abandonner le jalon' };
  const send = (key: string): Promise<Sent> => {
    const id = m.milestoneId;
    const sent =
      act === 'reach'
        ? steering.send('milestone', 'reach-milestone', { milestoneId: id, reachedOn: on }, key)
        : act === 'reschedule'
          ? steering.send('milestone', 'reschedule-milestone', { milestoneId: id, dueDate: on, reason: reason.trim() }, key)
          : steering.send('milestone', 'drop-milestone', { milestoneId: id, reason: reason.trim() }, key);
    return sent.then((ok) => {
      if (ok) onClose();
      return ok;
    });
  };
  return (
    <div class="card milestone-act">
      <SteerForm
        name="milestone"
        title={`${titles[act]} ${quoted(m.title)}`}
        hint={act === 'reschedule' ? `Échéance actuelle : ${date(m.dueDate)}.` : undefined}
        submit={submit[act]}
        steering={steering}
        onSubmit={send}
      >
        {act === 'reach' && <DateInput id="st-milestone-on" label="Atteint le" value={on} onChange={setOn} max={today} />}
        {act === 'reschedule' && <DateInput id="st-milestone-on" label="Nouvelle échéance" value={on} onChange={setOn} />}
        {act !== 'reach' && (
          <div class="steer-field">
            <label for="st-milestone-reason">Motif</label>
            <textarea id="st-milestone-reason" rows={2} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
        )}
      </SteerForm>
      <button type="button" class="secondary" onClick={onClose}>
        Annuler
      </button>
    </div>
  );
}
