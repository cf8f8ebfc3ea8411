/** What a form's Idempotency-Key is made of: `keyFor` its fields at each sending, `renew` once one is answered. */
export interface FormKeys {
  readonly keyFor: (fields: string) => string;
  readonly renew: () => void;
}

/**
 * A form's Idempotency-Key: the same for every sending of the same fields until one is answered (accepted or
 * refused), then a new one. A sending whose fields were changed since one that got no answer gets a new key too: the
 * api refuses a key reused with another payload (409), and the person meant the new fields.
 */
export function formKeys(newKey: () => string = () => crypto.randomUUID()): FormKeys {
  let key = newKey();
  let pending: string | undefined;
  return {
    keyFor: (fields) => {
      if (pending !== undefined && pending !== fields) key = newKey();
      pending = fields;
      return key;
    },
    renew: () => {
      key = newKey();
      pending = undefined;
    },
  };
}

/** A form's fields as one string (names and values in order; a file by its name), to tell a changed form. */
export function formFields(form: HTMLFormElement): string {
  return JSON.stringify([...new FormData(form).entries()].map(([name, value]) => [name, typeof value === 'string' ? value : value.name]));
}
