import { describe, expect, it } from 'vitest';
import { isValidMunicipalityCode, municipalityCheckDigit } from '../../server/src/shared/municipality-code.js';

describe('全国地方公共団体コード check digit', () => {
  it.each([
    ['102041', '伊勢崎市'],
    ['122360', '香取市'],
    ['142182', '綾瀬市'],
    ['112089', '所沢市'],
    ['131016', '千代田区'],
    ['011002', '札幌市'],
  ])('%s (%s) is valid', (code) => {
    expect(isValidMunicipalityCode(code)).toBe(true);
  });

  it('rejects a wrong check digit and malformed codes', () => {
    expect(isValidMunicipalityCode('102042')).toBe(false);
    expect(isValidMunicipalityCode('10204')).toBe(false);
    expect(isValidMunicipalityCode('10204a')).toBe(false);
  });

  it('maps remainders 0 and 1 to check digits 1 and 0', () => {
    expect(municipalityCheckDigit('10204')).toBe(1); // sum 22, remainder 0
    expect(municipalityCheckDigit('12236')).toBe(0); // sum 45, remainder 1
  });
});
