import { useGet } from '../../api';
import type { Page } from '../partnerships/types';

/** A partnership or an experimentation as its list reads: its id (`id` or `experimentationId`) and its title. */
interface Subject {
  readonly id?: string;
  readonly experimentationId?: string;
  readonly title: string;
}

/** Where the subjects of a report's kind are listed (none for a territory or a batch: they have their own pickers). */
export function subjectsPath(kind: string): string | null {
  return kind === 'partnership' ? '/api/partnerships' : kind === 'experimentation' ? '/api/experimentations' : null;
}

/** The subject's id a report is asked by, beside the title a person reads. */
export function subjectChoice(subject: Subject): { readonly value: string; readonly label: string } {
  return { value: subject.id ?? subject.experimentationId ?? '', label: subject.title };
}

/**
 * The partnerships or experimentations a report may be asked of, as the `datalist` of the id field: an operator picks
 * one by its title (the browser offers them as they type a part of it) rather than knowing its machine id, and may
 * still type an id the list does not hold (the first 200).
 */
export function SubjectChoices({ id, kind }: { readonly id: string; readonly kind: string }) {
  const list = useGet<Page<Subject>>(subjectsPath(kind), { limit: 200 });
  return (
    <datalist id={id}>
      {(list.data?.items ?? []).map(subjectChoice).map(({ value, label }) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </datalist>
  );
}
