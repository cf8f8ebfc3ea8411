/** What a report's subject field offers (`SubjectChoices`): pure, unit-tested. */

/** A partnership or an experimentation as its list reads: its id (`id` or `experimentationId`) and its title. */
export interface Subject {
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
