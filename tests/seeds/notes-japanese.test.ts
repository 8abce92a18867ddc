/**
 * The bundled datasets' texts that people read in Japanese outputs (the 出典 column, the report's
 * appendix, indicator and policy pages) are Japanese: every curator's note and every other text
 * field of every file in data/seeds passes the shared Latin-letter check. Words printed in the
 * source documents pass (data stays as printed); codes, keys and enum values are not texts and
 * are skipped, as is `nameEn` (the English UI's name). A record marked uncertain always says why.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foreignWordsInContext } from '../support/japanese-text.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEEDS = resolve(here, '../../data/seeds');
const files = readdirSync(SEEDS).filter((f) => f.endsWith('.json')).sort();

/** Fields that hold keys, references, enum values, colours or file names: never shown as prose. */
const CODE_FIELDS = new Set([
  'key', 'parent', 'plan', 'document', 'leadDepartment', 'relatedDepartments', 'policyNode', 'department',
  'indicator', 'project', 'outcomeIndicator', 'scale', 'inputScale', 'stage', 'kind', 'direction', 'qualifier',
  'subjectKind', 'inputs', 'color', 'file', 'url', 'issuedOn', 'evaluatedOn', 'nameEn', 'scheme', 'category',
]);

/**
 * Printed words the shared check cannot see as printed, reviewed one by one:
 * - STEP: 綾瀬's level name (戦略PJ > 取り組みの方向 > STEP); its sheets print it only with a number, ＳＴＥＰ１～３.
 */
const PRINTED_AS_PARTS = ['STEP'];

interface Text {
  path: string;
  field: string;
  text: string;
}

/** Every text of a dataset with its JSON path; the labels of `otherTexts` count as texts too. */
function texts(value: unknown, path = '', field = ''): Text[] {
  if (typeof value === 'string') return CODE_FIELDS.has(field) ? [] : [{ path, field, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`, field));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(field === 'otherTexts' ? [{ path: `${path}.${k}`, field: 'otherTexts label', text: k }] : []),
      ...texts(v, `${path}.${k}`, k),
    ]);
  }
  return [];
}

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** Paths of the records marked uncertain whose provenance gives no note (the reason a reader sees). */
function uncertainWithoutNote(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => uncertainWithoutNote(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const p = record.provenance as { uncertain?: boolean; note?: string } | undefined;
  const own = p?.uncertain && !p.note?.trim() ? [`${path}${typeof record.key === 'string' ? ` (${record.key})` : ''}`] : [];
  return [...own, ...Object.entries(record).flatMap(([k, v]) => uncertainWithoutNote(v, `${path}.${k}`))];
}

describe.each(files)('data/seeds/%s', (file) => {
  const data: unknown = JSON.parse(readFileSync(resolve(SEEDS, file), 'utf8'));
  const all = texts(data);

  it('has notes and texts to check', () => {
    expect(all.filter((t) => t.field === 'note').length).toBeGreaterThan(0);
  });

  it('carries no English word in a note or any other text a person reads', () => {
    const failures = all.flatMap((t) => foreignWordsInContext(t.text, PRINTED_AS_PARTS).map((w) => `${t.path}: ${w}`));
    expect(failures.slice(0, 40), `${failures.length} foreign words`).toEqual([]);
  });

  it('says why in a note wherever a record is marked uncertain', () => {
    expect(uncertainWithoutNote(data)).toEqual([]);
  });

  it('writes every note in Japanese', () => {
    const notJapanese = all.filter((t) => t.field === 'note' && !JAPANESE.test(t.text)).map((t) => `${t.path}: ${t.text}`);
    expect(notJapanese).toEqual([]);
  });
});
