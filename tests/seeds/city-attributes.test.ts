/**
 * The four real cities' attributes (issue 21) against their own documents: where a city's document
 * printed its population (人口 with a number of 人) or area (面積 in km²), the dataset would have to
 * use it with its line; none of the five does, so each city's attributes stay uncertain and their
 * note says, in Japanese, which document lacks the figures and where they come from instead.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSourceLines } from '../../server/src/provenance/source-files.js';
import type { Dataset } from '../../server/src/dataset/format.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEEDS = ['isesaki-004', 'katori-003', 'tokorozawa-002', 'ayase-000'];
/** A printed population (総人口 123,456人, 人口：8万3千人) or area (面積 139.44km²). */
const POPULATION = /(総人口|人口)\s*[:：は]?\s*(約\s*)?[\d０-９][\d０-９,，.．万千]*\s*人/;
const AREA = /面積\s*[:：は]?\s*(約\s*)?[\d０-９][\d０-９,，.．]*\s*(km|ｋｍ|㎢|k㎡|平方キロ)/;

describe('real cities’ attributes', () => {
  for (const name of SEEDS) {
    it(`${name}: no figure its documents print is left out, and the note says what is missing`, () => {
      const d = JSON.parse(readFileSync(resolve(here, '../../data/seeds', `${name}.json`), 'utf8')) as Dataset;
      // Every document of the city (its other datasets included), line by line.
      const files = cityDocuments(d.municipality.code);
      const printed = files.flatMap((f) => readSourceLines(f).map((text, i) => ({ f, line: i + 1, text })).filter((l) => POPULATION.test(l.text) || AREA.test(l.text)));
      expect(printed).toEqual([]);
      const a = d.municipality.attributes!;
      expect(a.uncertain).toBe(true);
      expect(a.note).toMatch(/^出典文書（.+）には市の人口・面積の記載がなく/);
      expect(a.source).toMatch(/人口/);
      expect(a.populationAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });
  }
});

/** The source files of every bundled dataset of a city. */
function cityDocuments(code: string): string[] {
  const dir = resolve(here, '../../data/seeds');
  const all = ['ayase-000', 'ayase-001', ...SEEDS.filter((s) => !s.startsWith('ayase'))];
  return [
    ...new Set(
      all
        .map((s) => JSON.parse(readFileSync(resolve(dir, `${s}.json`), 'utf8')) as Dataset)
        .filter((x) => x.municipality.code === code)
        .flatMap((x) => x.documents.map((doc) => (doc as { file?: string }).file).filter((f): f is string => !!f)),
    ),
  ];
}
