/// <reference types="jest" />
import { count, erasedText, errorText, faultText, fieldName, forbiddenText, identifierProblem, notFoundText, unanswered, validationText } from './errors';

const validation = (details: unknown, message = 'invalid request: id'): { code: string; message: string; details: unknown } => ({
  code: 'VALIDATION',
  message,
  details,
});

describe('the errors a person reads', () => {
  it('tells a VALIDATION in French, naming the field, never with the api’s English', () => {
    expect(errorText(validation([{ field: 'id', messages: ['id must be an identifier (letters, digits and . _ ~ - only, 1 to 100 characters)'] }]))).toBe(
      'La demande est invalide : l’identifiant ne doit contenir que des lettres, chiffres et . _ ~ - (1 à 100 caractères).',
    );
    expect(
      errorText(
        validation([
          { field: 'title', messages: ['title must be shorter than or equal to 200 characters'] },
          { field: 'text', messages: ['text must not be blank'] },
        ]),
      ),
    ).toBe('La demande est invalide : le titre doit faire au plus 200 caractères ; le texte ne peut pas être vide.');
  });

  it('recognises the api’s common messages', () => {
    expect(faultText('text', 'text must not hold control characters (only tabs and line breaks)')).toBe(
      'le texte ne doit pas contenir de caractères de contrôle (seuls les tabulations et les retours à la ligne sont permis)',
    );
    expect(
      faultText(
        'text',
        'text must not hold bidirectional overrides (U+202D, U+202E) nor embeddings or isolates left unclosed (U+202A to U+202C, U+2066 to U+2069)',
      ),
    ).toBe(
      'le texte ne doit pas contenir de caractères invisibles qui forcent le sens de lecture (U+202D, U+202E) ni de contrôles bidirectionnels laissés ouverts (U+202A à U+202C, U+2066 à U+2069)',
    );
    expect(faultText('colour', 'property colour should not exist')).toBe('le champ « colour » n’est pas accepté ici');
    expect(faultText('from', 'from must not be after to')).toBe('la date de début ne doit pas être après la date de fin');
    expect(faultText('clock', 'clock must be one of: happened, recorded')).toBe(
      'le choix de la date (survenue ou enregistrée) doit valoir l’une de ces valeurs : happened, recorded',
    );
    expect(faultText('title', 'title is required')).toBe('le titre est obligatoire');
    expect(faultText('asOf', 'asOf cannot be in the future: 2099-01-01 is after today (2026-12-04)')).toBe(
      'la date de référence ne peut pas être dans le futur : le 1er janvier 2099 est après aujourd’hui, le 4 décembre 2026',
    );
    expect(faultText('year', 'year cannot be after the year of asOf: partnerships active in 2015 cannot be read as of 2012-12-31')).toBe(
      'l’année 2015 est après celle de la date de référence : les partenariats actifs en 2015 ne se lisent pas au 31 décembre 2012',
    );
    expect(faultText('year', 'year cannot be in the future: 2031 is after this year (2026)')).toBe(
      'l’année 2031 n’est pas encore venue : un lot porte sur 2026 au plus tard',
    );
    expect(faultText('asOf', 'asOf cannot be in the future: 2099-01-01T00:00:00Z is after now (2026-12-04T10:00:00.000Z)')).toBe(
      'la date de référence ne peut pas être dans le futur',
    );
    expect(
      errorText(
        validation([{ field: 'asOf', messages: ['asOf cannot be in the future: 2099-01-01 is after today (2026-12-04)'] }], 'asOf cannot be in the future'),
      ),
    ).toBe('La demande est invalide : la date de référence ne peut pas être dans le futur : le 1er janvier 2099 est après aujourd’hui, le 4 décembre 2026.');
    expect(faultText('title', 'title should not be empty')).toBe('le titre est obligatoire');
    expect(faultText('to', 'to must be a date YYYY-MM-DD or an ISO-8601 date-time with a time zone, both existing (e.g. 2025-03-01)')).toBe(
      'la date de fin doit être une date valide',
    );
    expect(faultText('dueDate', 'dueDate must be a calendar date YYYY-MM-DD')).toBe('l’échéance doit être une date (AAAA-MM-JJ)');
    expect(faultText('decisions', 'each value of decisions must not be blank')).toBe('chaque décision ne peut pas être vide');
    expect(faultText('objectiveFamilies', 'each value of objectiveFamilies must be one of: a, b')).toBe(
      'chaque valeur des objectifs recherchés doit valoir l’une de ces valeurs : a, b',
    );
    expect(faultText('limit', 'limit must not be greater than 100')).toBe('le nombre de lignes doit valoir au plus 100');
  });

  it('names a known field inside an object, and an unknown one as it is', () => {
    expect(fieldName('territory.id')).toBe('le champ « territory.id »');
    expect(fieldName('title')).toBe('le titre');
    expect(fieldName('partners.0.sphere')).toBe('le champ « partners.0.sphere »');
  });

  it('says an unknown message generically, without its English', () => {
    const text = errorText(validation([{ field: 'scores', messages: ['scores must score each sub-dimension of confiance, and no other'] }]));
    expect(text).toBe('La demande est invalide : les notes ne sont pas valides.');
    expect(errorText(validation(undefined, 'unknown event foo'))).toBe('La demande est invalide.');
    expect(validationText([{ field: 'title' }])).toBe('La demande est invalide : le titre n’est pas valide.');
  });

  it('gives each other code a French sentence, never `CODE : message`', () => {
    const codes = ['RULE_VIOLATED', 'CONFLICT', 'UNAVAILABLE', 'INTERNAL', 'PAYLOAD_TOO_LARGE', 'FORBIDDEN', 'NOT_FOUND', 'PERSON_ERASED', 'SOMETHING_NEW'];
    const texts = codes.map((code) => errorText({ code, message: 'partnership flda is closed: no command' }));
    expect(texts[0]).toBe('Cette action n’est pas possible dans l’état actuel.');
    for (const text of texts) {
      expect(text).not.toMatch(/partnership|closed|command| : [A-Z_]+|^[A-Z_]+ :/);
      expect(text).toMatch(/[.)]$/);
    }
    expect(texts.at(-1)).toBe('Une erreur s’est produite (SOMETHING_NEW).');
  });

  it('says a blank field is empty, and counts in the singular up to one', () => {
    // A blank title: the api says both; the person reads one sentence.
    expect(validationText([{ field: 'title', messages: ['title must not be blank', 'title must be longer than or equal to 1 characters'] }])).toBe(
      'La demande est invalide : le titre ne peut pas être vide.',
    );
    expect(faultText('title', 'title must be longer than or equal to 1 characters')).toBe('le titre ne peut pas être vide');
    expect(faultText('title', 'title must be longer than or equal to 3 characters')).toBe('le titre doit faire au moins 3 caractères');
    expect(faultText('title', 'title must be shorter than or equal to 1 characters')).toBe('le titre doit faire au plus 1 caractère');
    expect(faultText('objectiveFamilies', 'objectiveFamilies must contain at least 1 elements')).toBe(
      'les objectifs recherchés doivent compter au moins 1 élément',
    );
    expect(faultText('objectiveFamilies', 'objectiveFamilies must not be blank')).toBe('les objectifs recherchés ne peuvent pas être vides');
    expect([count(0, 'jour'), count(1, 'jour'), count(2, 'jour'), count(1500, 'caractère')]).toEqual(['0 jour', '1 jour', '2 jours', '1\u202f500 caractères']);
  });

  it('tells the signed-in person that their own data were erased, anyone else whose', () => {
    const erased = { code: 'PERSON_ERASED', message: 'the personal data of responsable-lien was erased: nothing more may be recorded about them' };
    // Whatever the erasure's reason (asked by the person, or an operator's `no_longer_needed`…): the sentence does not guess it.
    expect(errorText(erased, 'responsable-lien')).toBe('Vos données personnelles ont été effacées : vous ne pouvez plus rien enregistrer.');
    expect(errorText(erased, 'responsable-lien')).not.toMatch(/demande/);
    expect(errorText(erased, 'op-1')).toBe('Les données personnelles de responsable-lien ont été effacées : plus rien ne peut être enregistré à son sujet.');
    expect(
      erasedText('the personal data of u-1, u-2 were erased: nothing more may be recorded about them', 'op-1', (id) =>
        id === 'u-1' ? 'Anne Roth' : undefined,
      ),
    ).toBe('Les données personnelles d’Anne Roth et u-2 ont été effacées : plus rien ne peut être enregistré à leur sujet.');
    expect(erasedText('the personal data of u-1, u-2 were erased: nothing more may be recorded about them', 'u-2')).toMatch(/^Vos données personnelles/);
    expect(errorText({ code: 'PERSON_ERASED' }, 'u-1')).toBe('Les données de cette personne ont été effacées : plus rien ne peut être enregistré à son sujet.');
  });

  it('says why access is refused: another organisation, a partnership not accompanied, a room one is not a member of', () => {
    expect(forbiddenText('a partner reads its own organisation (chantier) only')).toBe(
      'Ces données sont celles d’une autre organisation : vous ne consultez que celles de la vôtre.',
    );
    expect(forbiddenText('organisation chantier is not a partner of partnership flda')).toBe(
      'Votre organisation n’est pas partenaire de ce partenariat : ses données ne vous sont pas accessibles.',
    );
    expect(forbiddenText('catalyseur catalyseur-015 does not accompany partnership flda')).toBe(
      'Vous n’accompagnez pas ce partenariat : ses données sont réservées aux catalyseurs qui l’accompagnent.',
    );
    expect(errorText({ code: 'FORBIDDEN', message: 'this room is for its members' })).toBe('Ce salon est réservé à ses membres : vous n’en faites pas partie.');
    expect(errorText({ code: 'FORBIDDEN', message: 'only members contribute to a members-only room' })).toBe(
      'Ce salon est réservé à ses membres : vous n’en faites pas partie.',
    );
    expect(errorText({ code: 'FORBIDDEN', message: 'catalyseur cat-leo left the network: their access ended' })).toBe(
      'Vous avez quitté le réseau : votre accès a pris fin (seuls votre profil et votre portefeuille restent consultables).',
    );
    expect(errorText({ code: 'FORBIDDEN', message: 'rebuilds are for operators' })).toBe('Votre rôle ne donne pas accès à ces données.');
    expect(errorText({ code: 'FORBIDDEN' })).toBe('Votre rôle ne donne pas accès à ces données.');
  });

  it('checks an identifier before it is sent', () => {
    expect(identifierProblem('flda-cg-ardeche')).toBeUndefined();
    expect(identifierProblem('   ')).toBe('L’identifiant est obligatoire.');
    expect(identifierProblem('flda cg')).toMatch(/^L’identifiant ne doit contenir que des lettres/);
    expect(identifierProblem('x'.repeat(101))).toMatch(/1 à 100 caractères/);
  });
  it('names the fields of an organisation’s and an accompaniment’s forms, and says a registry number’s fault', () => {
    expect(
      faultText('registryNumber', 'registryNumber must be a SIREN (9 digits with a valid check digit) or an RNA number (W and 9 digits), without spaces'),
    ).toBe('le numéro SIREN ou RNA doit être un SIREN (9 chiffres, le dernier étant sa clé de contrôle) ou un numéro RNA (W suivi de 9 chiffres)');
    expect(faultText('size', 'size must be one of: tpe, pme')).toBe('la taille doit valoir l’une de ces valeurs : tpe, pme');
    expect(faultText('purpose', 'purpose must not be blank')).toBe('l’objet ne peut pas être vide');
    expect(faultText('topics', 'topics must contain no more than 12 elements')).toBe('les sujets abordés doivent compter au plus 12 éléments');
    expect(faultText('topics', 'each value of topics must not be blank')).toBe('chaque valeur des sujets abordés ne peut pas être vide');
    expect(faultText('summary', 'summary should not be empty')).toBe('le résumé est obligatoire');
    expect(faultText('outcome', 'outcome must be one of: ready, not-ready, abandoned')).toBe(
      'l’issue doit valoir l’une de ces valeurs : ready, not-ready, abandoned',
    );
    expect(faultText('objectiveFamilies', "All objectiveFamilies's elements must be unique")).toBe(
      'les objectifs recherchés ne doivent pas contenir deux fois la même valeur',
    );
    expect(faultText('organisationId', 'organisationId is required')).toBe('l’organisation est obligatoire');
    expect(faultText('openedOn', 'openedOn must be a calendar date YYYY-MM-DD')).toBe('la date d’ouverture doit être une date (AAAA-MM-JJ)');
    expect(faultText('closedOn', 'closedOn must be a calendar date YYYY-MM-DD')).toBe('la date de clôture doit être une date (AAAA-MM-JJ)');
    expect(faultText('recordedOn', 'recordedOn must be a calendar date YYYY-MM-DD')).toBe('la date d’enregistrement doit être une date (AAAA-MM-JJ)');
    expect(
      errorText(
        validation([
          {
            field: 'registryNumber',
            messages: ['registryNumber must be a SIREN (9 digits with a valid check digit) or an RNA number (W and 9 digits), without spaces'],
          },
        ]),
      ),
    ).toMatch(/^La demande est invalide : le numéro SIREN ou RNA doit être un SIREN/);
  });
  it('names the fields of the gatherings’ forms, and says their faults', () => {
    expect(faultText('theme', 'theme must not be blank')).toBe('le thème ne peut pas être vide');
    expect(faultText('capacity', 'capacity must not be less than 1')).toBe('la capacité doit valoir au moins 1');
    expect(faultText('capacity', 'capacity must be an integer number')).toBe('la capacité doit être un nombre entier');
    expect(faultText('place', 'place must be shorter than or equal to 200 characters')).toBe('le lieu doit faire au plus 200 caractères');
    expect(faultText('link', 'link must be a web address (http:// or https://)')).toBe('le lien doit être une adresse web (http:// ou https://)');
    expect(faultText('time', 'time must be a time of day HH:MM')).toBe('l’heure de début doit être une heure (HH:MM)');
    expect(faultText('endTime', 'endTime must be a time of day HH:MM')).toBe('l’heure de fin doit être une heure (HH:MM)');
    expect(faultText('participantIds', 'participantIds must contain at least 1 elements')).toBe('les participants présents doivent compter au moins 1 élément');
    expect(faultText('participantIds', 'each value of participantIds must be an identifier (letters, digits and . _ ~ - only, 1 to 100 characters)')).toBe(
      'chaque valeur des participants présents ne doit contenir que des lettres, chiffres et . _ ~ - (1 à 100 caractères)',
    );
    expect(faultText('reason', 'reason must not be blank')).toBe('le motif ne peut pas être vide');
    expect(faultText('heldOn', 'heldOn must be a calendar date YYYY-MM-DD')).toBe('la date de tenue doit être une date (AAAA-MM-JJ)');
    expect(faultText('territoryId', 'territoryId must be an identifier (letters, digits and . _ ~ - only, 1 to 100 characters)')).toMatch(
      /^le territoire ne doit contenir/,
    );
    expect(faultText('organisation', 'organisation is required')).toBe('l’organisation est obligatoire');
    expect(faultText('orgId', 'orgId must be an identifier (x)')).toMatch(/^l’identifiant de l’organisation ne doit contenir/);
    expect(faultText('organiser.name', 'name must not be blank')).toBe('le champ « organiser.name » ne peut pas être vide');
    expect(fieldName('organiser')).toBe('l’organisateur');
    expect(fieldName('participantId')).toBe('le participant');
    expect(
      errorText(
        validation([
          { field: 'theme', messages: ['theme must not be blank'] },
          { field: 'capacity', messages: ['capacity must not be less than 1'] },
        ]),
      ),
    ).toBe('La demande est invalide : le thème ne peut pas être vide ; la capacité doit valoir au moins 1.');
  });

  it('says what was not found, by its id, from the api’s NOT_FOUND message', () => {
    expect(errorText({ code: 'NOT_FOUND', message: 'partnership flda-x not found' })).toBe('Ce partenariat (flda-x) n’existe pas.');
    expect(errorText({ code: 'NOT_FOUND', message: 'territory nowhere not found' })).toBe('Ce territoire (nowhere) n’existe pas.');
    expect(errorText({ code: 'NOT_FOUND', message: 'experimentation x not found' })).toBe('Cette expérimentation (x) n’existe pas.');
    expect(notFoundText('organisation csc-privas not found')).toBe('Cette organisation (csc-privas) n’existe pas.');
    expect(notFoundText('report 7c0e not found')).toBe('Ce rapport (7c0e) n’existe pas.');
    // Anything else: the generic sentence, never the English.
    expect(notFoundText('working group "insertion" not found')).toBe('Introuvable.');
    expect(notFoundText('pilot territory "creuse" not found')).toBe('Introuvable.');
    expect(notFoundText(undefined)).toBe('Introuvable.');
  });
});

describe('unanswered: whether a command may have been recorded though not acknowledged', () => {
  it('is so of no answer and of the service failing, not of a refusal', () => {
    for (const code of ['NETWORK', 'UNAVAILABLE', 'INTERNAL', 'UNANSWERED'])
      expect({ code, unanswered: unanswered({ code }) }).toEqual({ code, unanswered: true });
    for (const code of ['VALIDATION', 'RULE_VIOLATED', 'CONFLICT', 'NOT_FOUND', 'FORBIDDEN', 'RATE_LIMITED', 'PERSON_ERASED']) {
      expect({ code, unanswered: unanswered({ code }) }).toEqual({ code, unanswered: false });
    }
  });
});

describe('UNANSWERED: a post the client gave up, its connection closed each time it was sent', () => {
  it('says in French that it may have been posted, and to check the feed before sending it again', () => {
    expect(errorText({ code: 'UNANSWERED', message: 'the connection closed each time the post was sent' })).toBe(
      'Sans réponse du serveur après plusieurs tentatives : le message a peut-être été publié ; vérifiez le fil avant de l’envoyer de nouveau.',
    );
    // It may have been recorded: not a refusal.
    expect(unanswered({ code: 'UNANSWERED' })).toBe(true);
  });
});
