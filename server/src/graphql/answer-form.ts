/**
 * Answers that can be large by nature (thousands of groups over every city) come paginated or
 * compact by design, and the response says which: a resolver notes the form it answered in, and
 * the executor writes the notes into the response's `extensions.answerForms`
 * (`{ "transitions": "compact" }`). Knows no domain: fields are named by the resolver.
 */
export type AnswerForm = 'paginated' | 'compact';

const notes = new WeakMap<object, Record<string, AnswerForm>>();

/** Notes that `field` (the response key of a root field) was answered in `form`. */
export function noteAnswerForm(context: object, field: string, form: AnswerForm): void {
  let n = notes.get(context);
  if (!n) notes.set(context, (n = {}));
  n[field] = form;
}

/** A result with the request's notes in its extensions (unchanged when there are none). */
export function withAnswerForms<R extends { extensions?: Record<string, unknown> }>(context: unknown, result: R): R {
  const n = context && typeof context === 'object' ? notes.get(context) : undefined;
  return n ? { ...result, extensions: { ...result.extensions, answerForms: n } } : result;
}
