/** Text split around the places a search term occurs, so hits can be marked without HTML. */
export interface Segment {
  text: string;
  hit: boolean;
}

/** The segments of `text` with every occurrence of `term` (case-insensitive) as a hit. */
export function segments(text: string, term: string | null | undefined): Segment[] {
  const t = term?.trim();
  if (!t) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const needle = t.toLowerCase();
  const out: Segment[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
    if (i > at) out.push({ text: text.slice(at, i), hit: false });
    out.push({ text: text.slice(i, i + needle.length), hit: true });
    at = i + needle.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), hit: false });
  return out;
}
