/**
 * The forms of an organisation's page, for catalyseurs and operators: updating its profile, recording its alliance
 * strategy, opening an accompaniment. How they send and what they share: ./forms.tsx.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useGetAll } from '../../api';
import type { PlaceOption } from '../../ui/places';
import { networkToday, MATURITIES } from '../../ui/words';
import { type Actor, profileChanges, type RegistrationForm } from './act';
import { type ActedView, type Acting, ActForm, Choice, Day, LongText, Objectives, ProfileFields, Text } from './forms';

function ProfileForm({ o, territories, acting }: { o: ActedView; territories: readonly PlaceOption[]; acting: Acting }) {
  const initial = (): Omit<RegistrationForm, 'id'> => ({
    name: o.name,
    kind: o.kind,
    size: o.size,
    territory: o.territoryId,
    registryNumber: o.registryNumber ?? '',
  });
  const [form, setForm] = useState(initial);
  // The page read again (live, or after a command): the form shows the profile as it is now.
  useEffect(() => setForm(initial()), [o.revision]);
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  return (
    <ActForm
      name="profile"
      title="Mettre à jour le profil"
      submit="Enregistrer le profil"
      acting={acting}
      onSubmit={async (key) => {
        const changes = profileChanges(o, form);
        if (Object.keys(changes).length === 0) {
          acting.say('profile', 'Rien n’a changé : modifiez au moins un élément du profil.');
          return false;
        }
        return acting.send('profile', `/api/organisations/${encodeURIComponent(o.organisationId)}/update-profile`, changes, key, (a) => ({
          kind: 'organisation',
          revision: a.revision,
        }));
      }}
    >
      <Text id="profile-name" label="Nom" value={form.name} onChange={set('name')} />
      <ProfileFields idPrefix="profile" form={form} set={set} territories={territories} />
    </ActForm>
  );
}

function StrategyForm({ o, acting }: { o: ActedView; acting: Acting }) {
  const [maturity, setMaturity] = useState(o.strategy?.maturity ?? '');
  const [chosen, setChosen] = useState<readonly string[]>(o.strategy?.objectiveFamilies ?? []);
  const [on, setOn] = useState(networkToday());
  return (
    <ActForm
      name="strategy"
      title="Enregistrer la stratégie d’alliance"
      hint="Elle remplace la stratégie en vigueur."
      submit="Enregistrer la stratégie"
      acting={acting}
      disabled={maturity === '' || chosen.length === 0}
      onSubmit={(key) =>
        acting.send(
          'strategy',
          `/api/organisations/${encodeURIComponent(o.organisationId)}/record-strategy`,
          { maturity, objectiveFamilies: chosen, recordedOn: on },
          key,
          (a) => ({ kind: 'organisation', revision: a.revision }),
        )
      }
    >
      <Choice id="strategy-maturity" label="Maturité" value={maturity} options={MATURITIES} onChange={setMaturity} pick="choisir…" />
      <Objectives id="strategy-objective" chosen={chosen} onChange={setChosen} />
      <Day id="strategy-on" label="Enregistrée le" value={on} onChange={setOn} />
    </ActForm>
  );
}

interface CatalyseurCard {
  readonly id: string;
  readonly name: string;
  readonly status?: string;
  readonly territory?: string;
}

function OpenForm({ o, actor, acting }: { o: ActedView; actor: Actor; acting: Acting }) {
  const [purpose, setPurpose] = useState('');
  const [on, setOn] = useState(networkToday());
  const [catalyseur, setCatalyseur] = useState('');
  // An operator names the catalyseur (a member of the network); a catalyseur opens in its own name.
  const directory = useGetAll<CatalyseurCard>(actor.role === 'operator' ? '/api/catalyseurs' : null);
  const members = useMemo(
    () =>
      (directory.data ?? [])
        .filter((c) => c.status !== 'left')
        .map((c) => ({ value: c.id, label: c.territory === o.territoryId ? `${c.name} (de son territoire)` : c.name }))
        .sort((a, b) => a.label.localeCompare(b.label, 'fr')),
    [directory.data, o.territoryId],
  );
  return (
    <ActForm
      name="open"
      title="Ouvrir un accompagnement"
      hint={
        actor.role === 'catalyseur'
          ? 'Vous accompagnerez l’organisation : l’accompagnement est ouvert en votre nom.'
          : 'Préparer l’organisation aux partenariats.'
      }
      submit="Ouvrir l’accompagnement"
      acting={acting}
      disabled={actor.role === 'operator' && catalyseur === ''}
      onSubmit={async (key) => {
        const body = {
          organisationId: o.organisationId,
          purpose: purpose.trim(),
          openedOn: on,
          ...(actor.role === 'operator' ? { catalyseurId: catalyseur } : {}),
        };
        const ok = await acting.send('open', '/api/accompaniments', body, key, (a) => ({ kind: 'opened', accompanimentId: a.id }));
        if (ok) setPurpose('');
        return ok;
      }}
    >
      <LongText id="open-purpose" label="Objet de l’accompagnement" value={purpose} onChange={setPurpose} />
      {actor.role === 'operator' && (
        <Choice id="open-catalyseur" label="Catalyseur" value={catalyseur} options={members} onChange={setCatalyseur} pick="choisir…" />
      )}
      <Day id="open-on" label="Ouvert le" value={on} onChange={setOn} />
    </ActForm>
  );
}

/** The forms of an organisation's page, for catalyseurs and operators. */
export function ActingPanel({ o, actor, territories, acting }: { o: ActedView; actor: Actor; territories: readonly PlaceOption[]; acting: Acting }) {
  return (
    <section class="card steering" aria-labelledby="h-acting">
      <h2 id="h-acting">Agir pour l’organisation</h2>
      <div class="steer-grid">
        <ProfileForm o={o} territories={territories} acting={acting} />
        <StrategyForm o={o} acting={acting} />
        <OpenForm o={o} actor={actor} acting={acting} />
      </div>
    </section>
  );
}
