import { describe, expect, it } from 'vitest';
import { foreignWords, printedLatinWords } from '../support/japanese-text.js';

describe('the Latin-letter check of Japanese outputs', () => {
  it.each([
    ['rating not printed in the extraction (cell lost)', ['rating', 'not', 'printed', 'the', 'extraction', 'cell', 'lost']],
    ['L45 cell 8', ['L45', 'cell']],
    ['段階 SELF', ['SELF']],
    ['指標 NOT_MEASURED:10', ['NOT', 'MEASURED']],
    ['Direction higher_is_better', ['Direction', 'higher', 'is', 'better']],
    ['(generated)', ['generated']],
  ])('flags %j', (text, words) => {
    expect(foreignWords(text)).toEqual(words);
  });

  it.each([
    '令和5年度 評価 Ａ（順調）', 'R5 → R6', '達成率 93.7%', '人口 10 km', 'SNSの活用（STEP1）', 'ＩＣＴ', 'GraphQL', 'H30年度',
  ])('passes %j', (text) => {
    expect(foreignWords(text)).toEqual([]);
  });

  it('reads the words the documents print from the repository', () => {
    expect(printedLatinWords().has('STEP1')).toBe(true);
    expect(printedLatinWords().has('SDGs')).toBe(true);
    // printed letter-spaced: 綾瀬 部局運営方針 line 301 "L I V E 1 1 9"
    expect(printedLatinWords().has('LIVE119')).toBe(true);
  });
});
