import { readAtLeast } from './query';

/** A document whose revision moves by hand, and a read side that says when it was asked to wait. */
function fixture(revision: string | undefined) {
  const state = { revision, reads: 0, waits: 0 };
  const read = async (): Promise<{ revision: string } | undefined> => {
    state.reads++;
    return state.revision === undefined ? undefined : { revision: state.revision };
  };
  const readSide = {
    caughtUp: async (): Promise<boolean> => {
      state.waits++;
      state.revision = '7'; // what the projector folded meanwhile
      return true;
    },
  };
  return { state, read, readSide };
}

describe('readAtLeast', () => {
  it('reads once and waits for nothing without minRevision, or when the document is at it', async () => {
    for (const minRevision of [undefined, 3, 5]) {
      const { state, read, readSide } = fixture('5');
      await expect(readAtLeast(read, minRevision, readSide)).resolves.toEqual({ revision: '5' });
      expect(state).toMatchObject({ reads: 1, waits: 0 });
    }
  });

  it('reads again once the read side caught up when the document is older than minRevision', async () => {
    const { state, read, readSide } = fixture('5');
    await expect(readAtLeast(read, 6, readSide)).resolves.toEqual({ revision: '7' });
    expect(state).toMatchObject({ reads: 2, waits: 1 });
  });

  it('reads again once the read side caught up when the document is not there yet', async () => {
    const { state, read, readSide } = fixture(undefined);
    await expect(readAtLeast(read, 0, readSide)).resolves.toEqual({ revision: '7' });
    expect(state).toMatchObject({ reads: 2, waits: 1 });
  });
});
