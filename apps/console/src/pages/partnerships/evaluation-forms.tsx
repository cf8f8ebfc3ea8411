/** The évaluation's forms of a partnership's board: its impact, dimension by dimension, then its conclusion. */
import { useState } from 'preact/hooks';
import { DIMENSIONS, label, SUB_DIMENSIONS } from '../../ui/common';
import { networkToday } from './steer';
import { DateInput, SteerForm, type Steering } from './steer-fields';
import type { Board } from './types';

/** The impact dimensions and their two sub-dimensions (libs/domain/src/kernel/vocabulary.ts, `IMPACT_SUB_DIMENSIONS`). */
const SUBS: Record<string, readonly [string, string]> = {
  innovation_societale: ['growth_and_jobs', 'fewer_fragilities'],
  performance_organisations: ['association_performance', 'company_performance'],
  confiance: ['collective_trust', 'individual_trust'],
};

const CONCLUSIONS: readonly [string, string, string][] = [
  ['renouveler', 'Renouveler', 'un nouveau cycle commence, en cadrage'],
  ['essaimer', 'Essaimer', 'le partenariat est clos, son expérience essaime ailleurs'],
  ['clore', 'Clore', 'le partenariat est clos'],
];

export function ImpactForm({ b, steering }: { b: Board; steering: Steering }) {
  const dimensions = Object.keys(SUBS);
  const assessed = (d: string): boolean => {
    const v = b.impact[d];
    return v !== undefined && (typeof v === 'number' || v.cycle === undefined || v.cycle === b.cycle);
  };
  const [dimension, setDimension] = useState(() => dimensions.find((d) => !assessed(d)) ?? dimensions[0] ?? '');
  const [scores, setScores] = useState<Record<string, string>>({});
  const [evidence, setEvidence] = useState('');
  const subs = SUBS[dimension] ?? [];
  return (
    <SteerForm
      name="impact"
      title="Évaluer l’impact"
      hint="Chacune des trois dimensions, notée sur ses deux sous-dimensions (de 1 à 5), avec ses éléments probants."
      submit="Évaluer l’impact"
      steering={steering}
      onSubmit={async (key) => {
        const body = { dimension, scores: Object.fromEntries(subs.map((s) => [s, Number(scores[s])])), evidence: evidence.trim() };
        const ok = await steering.send('impact', 'assess-impact', body, key);
        if (ok) {
          setScores({});
          setEvidence('');
          setDimension(dimensions.find((d) => d !== dimension && !assessed(d)) ?? dimension);
        }
        return ok;
      }}
    >
      <div class="steer-field">
        <label for="st-impact-dimension">Dimension</label>
        <select id="st-impact-dimension" value={dimension} onChange={(e) => setDimension(e.currentTarget.value)}>
          {dimensions.map((d) => (
            <option key={d} value={d}>
              {label(DIMENSIONS, d)}
              {assessed(d) ? ' (évaluée)' : ''}
            </option>
          ))}
        </select>
      </div>
      <div class="steer-row">
        {subs.map((s) => (
          <div class="steer-field" key={s}>
            <label for={`st-impact-${s}`}>{label(SUB_DIMENSIONS, s)}</label>
            <select id={`st-impact-${s}`} required value={scores[s] ?? ''} onChange={(e) => setScores({ ...scores, [s]: e.currentTarget.value })}>
              <option value="">note…</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={String(n)}>
                  {n}/5
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
      <div class="steer-field">
        <label for="st-impact-evidence">Éléments probants</label>
        <textarea id="st-impact-evidence" rows={2} required value={evidence} onInput={(e) => setEvidence(e.currentTarget.value)} />
      </div>
    </SteerForm>
  );
}

export function ConcludeForm({ steering }: { steering: Steering }) {
  const today = networkToday();
  const [decision, setDecision] = useState('');
  const [on, setOn] = useState(today);
  return (
    <SteerForm
      name="conclude"
      title="Conclure l’évaluation"
      hint="Une fois les trois dimensions évaluées. Essaimer ou clore met fin au partenariat."
      submit="Conclure l’évaluation"
      steering={steering}
      disabled={decision === ''}
      onSubmit={(key) => steering.send('conclude', 'conclude-evaluation', { decision, concludedOn: on }, key)}
    >
      <fieldset class="steer-choices">
        <legend>Décision</legend>
        {CONCLUSIONS.map(([k, v, what]) => (
          <div class="check" key={k}>
            <input id={`st-conclude-${k}`} type="radio" name="st-conclude" value={k} checked={decision === k} onChange={() => setDecision(k)} />
            <label for={`st-conclude-${k}`}>
              {v} <span class="hint">({what})</span>
            </label>
          </div>
        ))}
      </fieldset>
      <DateInput id="st-conclude-on" label="Conclue le" value={on} onChange={setOn} max={today} />
    </SteerForm>
  );
}
