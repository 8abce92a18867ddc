/** Random secrets (session cookies, API tokens) and the SHA-256 under which they are stored. */
import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'skh_';

export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
