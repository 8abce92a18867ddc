/**
 * Who is asking: a signed-in user (session cookie), an API token (read-only, its user's role
 * and city), the legacy ADMIN_TOKEN (system administrator), a test or CLI (`system`: every city),
 * or nobody. The city scope follows: the user's municipality, every city for system
 * administrators, published cities only for anonymous requests in PUBLIC_MODE.
 */
import { Role } from './roles.js';

export interface SignedInUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  /** Null for a system administrator. */
  municipalityId: number | null;
  departmentId: number | null;
  /** An administrator reset the password: the user sets a new one before anything else. */
  mustChangePassword?: boolean;
}

export type Principal =
  | { kind: 'user'; user: SignedInUser; via: 'session' | 'token'; /** The session's last write's WAL position (graphql/caller-lsn.ts). */ writeLsn?: string | null }
  /** ADMIN_TOKEN bearer (kept from before accounts existed). */
  | { kind: 'admin-token' }
  /** Tests and command-line tools: every city, no user. */
  | { kind: 'system'; admin: boolean }
  /** No credentials. `open`: no account exists yet, so the API reads as it did before accounts. */
  | { kind: 'anonymous'; open: boolean; publicMode: boolean };

/** Which cities a transaction sees (SET LOCAL app.municipality_ids / app.published_only). */
export interface CityScope {
  all: boolean;
  municipalityIds: number[];
  publishedOnly: boolean;
}

export const ALL_CITIES: CityScope = { all: true, municipalityIds: [], publishedOnly: false };
export const NO_CITY: CityScope = { all: false, municipalityIds: [], publishedOnly: false };

/** The value of app.municipality_ids: "*", "1,4" or "". */
export const scopeSetting = (s: CityScope) => (s.all ? '*' : s.municipalityIds.join(','));

export function roleOf(p: Principal): Role | undefined {
  if (p.kind === 'user') return p.user.role;
  if (p.kind === 'admin-token' || (p.kind === 'system' && p.admin)) return Role.ADMINISTRATOR;
  return undefined;
}

/** Administrators of every city (system administrators, ADMIN_TOKEN, an admin test context). */
export function isSystemAdministrator(p: Principal): boolean {
  if (p.kind === 'user') return p.user.role === Role.ADMINISTRATOR && p.user.municipalityId === null;
  return p.kind === 'admin-token' || (p.kind === 'system' && p.admin);
}

/** May this principal act on this municipality's data at all? */
export function seesMunicipality(p: Principal, municipalityId: number): boolean {
  if (p.kind === 'user') return p.user.municipalityId === null || p.user.municipalityId === municipalityId;
  return p.kind !== 'anonymous';
}

export function displayName(p: Principal): string {
  if (p.kind === 'user') return p.user.displayName;
  if (p.kind === 'admin-token') return 'ADMIN_TOKEN';
  if (p.kind === 'system') return 'system';
  return 'anonymous';
}
