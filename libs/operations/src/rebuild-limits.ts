/**
 * The most events a rebuild folds per transaction, asked for by `ops rebuild --batch-size` or
 * `POST /api/operations/rebuilds` (`batchSize`): above it, the CLI refuses the command line (exit 2), as the api
 * refuses the request (400). One bound for both edges.
 */
export const REBUILD_BATCH_SIZE_MAX = 10_000;
