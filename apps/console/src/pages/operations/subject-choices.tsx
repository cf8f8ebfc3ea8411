import { useGetPage } from '../../api';
import { type Subject, subjectChoice, subjectsPath } from './subjects';

/**
 * The partnerships or experimentations a report may be asked of, as the `datalist` of the id field: an operator picks
 * one by its title (the browser offers them as they type a part of it) rather than knowing its machine id, and may
 * still type an id the list does not hold (the first 200, whole: the api cuts a page of large boards short).
 */
export function SubjectChoices({ id, kind }: { readonly id: string; readonly kind: string }) {
  const list = useGetPage<Subject>(subjectsPath(kind), { limit: 200, offset: 0 });
  return (
    <datalist id={id}>
      {(list.data?.items ?? []).map(subjectChoice).map(({ value, label }, i) => (
        <option key={value === '' ? `sans-id-${i}` : value} value={value}>
          {label}
        </option>
      ))}
    </datalist>
  );
}
