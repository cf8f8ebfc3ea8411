/** Dependency-injection token of the `EventStore` port (a plain string: no framework here). */
export const EVENT_STORE = 'catalyse.EventStore';
