/**
 * What `ops` records as its actor (`ops-cli/{host}`) and holds a lease as (`ops-cli/{host}/{pid}`): an operator's
 * command run on a host, not a service. A report requested by this actor has its job in that CLI's process, not in
 * a service's queue (the report worker leaves it to the CLI while it is heard from).
 */
export const OPS_CLI_ACTOR_PREFIX = 'ops-cli/';

/** The actor of an `ops` command run on `host`, or, with `pid`, the holder of a lease it takes. */
export const opsCliActor = (host: string, pid?: number): string => `${OPS_CLI_ACTOR_PREFIX}${host}${pid === undefined ? '' : `/${pid}`}`;
