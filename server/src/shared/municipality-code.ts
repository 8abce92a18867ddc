/**
 * 全国地方公共団体コード: five digits (prefecture 2 + city 3) and a check digit
 * computed with weights 6,5,4,3,2 modulo 11 (総務省の定める検査数字).
 */
export function municipalityCheckDigit(fiveDigits: string): number {
  if (!/^\d{5}$/.test(fiveDigits)) throw new Error(`expected 5 digits, got "${fiveDigits}"`);
  const sum = [...fiveDigits].reduce((acc, ch, i) => acc + Number(ch) * (6 - i), 0);
  return (11 - (sum % 11)) % 10;
}

/** True when a 6-digit code carries the right check digit. */
export function isValidMunicipalityCode(code: string): boolean {
  return /^\d{6}$/.test(code) && municipalityCheckDigit(code.slice(0, 5)) === Number(code[5]);
}

/** True when the first two digits are one of the 47 prefectures (01 北海道 … 47 沖縄県). */
export function isRealPrefecture(code: string): boolean {
  const pref = Number(code.slice(0, 2));
  return pref >= 1 && pref <= 47;
}
