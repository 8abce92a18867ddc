/**
 * Password hashing with scrypt (node:crypto): memory-hard, N = 2^15, r = 8, p = 1 (32 MiB per
 * hash), a 16-byte random salt, a 32-byte key, compared in constant time. Stored as
 * `scrypt$<log2N>$<r>$<p>$<salt b64>$<key b64>` so the parameters can be raised later.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const LOG2_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fail) => scryptCb(password.normalize('NFKC'), salt, keylen, options, (e, key) => (e ? fail(e) : ok(key))));
}

const optionsFor = (log2N: number, r: number, p: number): ScryptOptions => ({ N: 2 ** log2N, r, p, maxmem: 128 * 2 ** log2N * r * 2 });

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, optionsFor(LOG2_N, R, P));
  return ['scrypt', LOG2_N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when the password matches; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Same work as a real check, so a missing account does not answer faster.
    await scrypt(password, randomBytes(16), KEY_LENGTH, optionsFor(LOG2_N, R, P));
    return false;
  }
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const want = Buffer.from(key, 'base64');
  const got = await scrypt(password, Buffer.from(salt, 'base64'), want.length, optionsFor(Number(n), Number(r), Number(p)));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A problem with a new password, in Japanese and English, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください / the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 1024) return 'パスワードが長すぎます / the password is too long';
  return null;
}
