/**
 * An accompaniment's acts, from its row on an organisation's page: holding a session, recording the maturity seen,
 * closing it. How they send and what they share: ./forms.tsx.
 */
import { useState } from 'preact/hooks';
import type { Sent } from '../../ui/command-forms';
import { ACCOMPANIMENT_OUTCOMES, networkToday, MATURITIES, quoted } from '../../ui/words';
import { type AccompanimentRow, topicsOf } from './act';
import { type Acting, ActForm, Choice, Day, LongText, Objectives } from './forms';

export type AccompanimentAct = { readonly accompanimentId: string; readonly act: 'session' | 'maturity' | 'close' };

/** The buttons of an accompaniment's row one acts on. */
export function AccompanimentButtons({
  a,
  acting,
  onChoose,
}: {
  a: AccompanimentRow & { purpose: string };
  acting: Acting;
  onChoose: (c: AccompanimentAct) => void;
}) {
  const button = (act: AccompanimentAct['act'], text: string) => (
    <button type="button" class="secondary small" disabled={acting.busy} onClick={() => onChoose({ accompanimentId: a.accompanimentId, act })}>
      {text}
      <span class="sr-only"> : {a.purpose}</span>
    </button>
  );
  return (
    <div class="row-actions">
      {button('session', 'Séance')}
      {button('maturity', 'Maturité')}
      {button('close', 'Clore')}
    </div>
  );
}

/** The form of the act chosen on an accompaniment's row. */
export function AccompanimentActForm({
  a,
  act,
  acting,
  onClose,
}: {
  a: AccompanimentRow & { purpose: string };
  act: AccompanimentAct['act'];
  acting: Acting;
  onClose: () => void;
}) {
  const [on, setOn] = useState(networkToday());
  const [topics, setTopics] = useState('');
  const [summary, setSummary] = useState('');
  const [maturity, setMaturity] = useState(a.maturity ?? '');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [outcome, setOutcome] = useState('');
  const [reason, setReason] = useState('');
  const path = (command: string): string => `/api/accompaniments/${encodeURIComponent(a.accompanimentId)}/${command}`;
  const id = a.accompanimentId;
  const titles = { session: 'Tenir une séance', maturity: 'Constater la maturité', close: 'Clore l’accompagnement' };
  const submits = { session: 'Enregistrer la séance', maturity: 'Enregistrer la maturité', close: 'Clore l’accompagnement' };
  const send = (key: string): Promise<Sent> => {
    const sent =
      act === 'session'
        ? acting.send('accompaniment', path('hold-session'), { heldOn: on, topics: topicsOf(topics), summary: summary.trim() }, key, () => ({
            kind: 'session',
            accompanimentId: id,
            sessions: a.sessionCount + 1,
          }))
        : act === 'maturity'
          ? acting.send('accompaniment', path('record-maturity'), { maturity, objectiveFamilies: chosen, recordedOn: on }, key, () => ({
              kind: 'maturity',
              accompanimentId: id,
              maturity,
            }))
          : acting.send('accompaniment', path('close'), { outcome, reason: reason.trim(), closedOn: on }, key, () => ({ kind: 'closed', accompanimentId: id }));
    return sent.then((ok) => {
      if (ok) onClose();
      return ok;
    });
  };
  return (
    <div class="card milestone-act">
      <ActForm
        name="accompaniment"
        title={`${titles[act]} ${quoted(a.purpose)}`}
        submit={submits[act]}
        acting={acting}
        disabled={(act === 'maturity' && (maturity === '' || chosen.length === 0)) || (act === 'close' && outcome === '')}
        onSubmit={send}
      >
        {act === 'session' && (
          <>
            <Day id="acc-on" label="Tenue le" value={on} onChange={setOn} />
            <LongText id="acc-topics" label="Sujets abordés (un par ligne)" value={topics} onChange={setTopics} rows={3} />
            <LongText id="acc-summary" label="Ce qui en est ressorti" value={summary} onChange={setSummary} rows={3} />
          </>
        )}
        {act === 'maturity' && (
          <>
            <Choice id="acc-maturity" label="Maturité constatée" value={maturity} options={MATURITIES} onChange={setMaturity} pick="choisir…" />
            <Objectives id="acc-objective" chosen={chosen} onChange={setChosen} />
            <Day id="acc-on" label="Constatée le" value={on} onChange={setOn} />
          </>
        )}
        {act === 'close' && (
          <>
            <fieldset class="steer-choices">
              <legend>Issue</legend>
              {Object.entries(ACCOMPANIMENT_OUTCOMES).map(([k, v]) => (
                <div class="check" key={k}>
                  <input id={`acc-outcome-${k}`} type="radio" name="acc-outcome" value={k} checked={outcome === k} onChange={() => setOutcome(k)} />
                  <label for={`acc-outcome-${k}`}>{v}</label>
                </div>
              ))}
            </fieldset>
            <LongText id="acc-reason" label="Motif" value={reason} onChange={setReason} />
            <Day id="acc-on" label="Clos le" value={on} onChange={setOn} />
          </>
        )}
      </ActForm>
      <button type="button" class="secondary" onClick={onClose}>
        Annuler
      </button>
    </div>
  );
}
