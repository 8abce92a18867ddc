/** Hand-written result types of the users and account operations. */
import type { Role } from '../../auth/graphql/types';

export interface ManagedUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  systemAdministrator: boolean;
  department: { id: string; name: string } | null;
}

export interface ApiTokenItem {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

export interface GetUsersResult {
  users: ManagedUser[];
}

export interface GetUserTokensResult {
  users: { id: string; apiTokens: ApiTokenItem[] }[];
}

export interface GetMyAccountResult {
  me:
    | (Omit<ManagedUser, 'disabled' | 'systemAdministrator'> & {
        municipality: { id: string; code: string; name: string } | null;
        apiTokens: ApiTokenItem[];
      })
    | null;
}

export const ROLES: readonly Role[] = ['VIEWER', 'ANALYST', 'DEPARTMENT_EDITOR', 'REVIEWER', 'COMMITTEE_MEMBER', 'ADMINISTRATOR'];
