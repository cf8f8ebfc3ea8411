/** Beside a fact of a feed recorded after a later one (`feed-order.ts`): why its date goes back. */
import { RECORDED_LATER, RECORDED_LATER_TITLE } from './feed-order';

export function LateMark() {
  return (
    <>
      {' '}
      <span class="late" title={RECORDED_LATER_TITLE}>
        ({RECORDED_LATER})
      </span>
    </>
  );
}
