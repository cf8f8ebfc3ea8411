/**
 * What `/api/health` can ask a projector running in this process; the
 * projector's `Projector` class has this shape. Pass it with
 * `ApiHttpModule.forRoot({ projector: { module: ProjectorModule, token: Projector } })`
 * (or provide `PROJECTOR_PROBE` globally). Without it, `/api/health` reads the
 * checkpoints named in `ApiHttpOptions.projectors` (default `['main']`) from the
 * projection store, which also works when the projector runs in another process.
 */
export interface ProjectorProbe {
  status(): Promise<{
    readonly name: string;
    readonly running: boolean;
    /** `standby` while a projector in another process holds the lease. */
    readonly role?: 'active' | 'standby';
    readonly checkpoint: bigint;
    readonly head: bigint;
    readonly lag: bigint;
    readonly lastError?: string;
    /** Since when (ISO) the batch has kept failing, while `lastError` is set: health reports a projector stuck beyond `maxProjectorFailingMs`. */
    readonly failingSince?: string;
  }>;
}

export const PROJECTOR_PROBE = 'catalyse.api.ProjectorProbe';
