/** Hand-written result types of the auth operations. */
export type Role = 'VIEWER' | 'ANALYST' | 'DEPARTMENT_EDITOR' | 'REVIEWER' | 'COMMITTEE_MEMBER' | 'ADMINISTRATOR';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  systemAdministrator: boolean;
  mustChangePassword?: boolean;
  municipality: { id: string; code: string; name: string } | null;
  department: { id: string; name: string } | null;
}

export interface GetMeResult {
  me: SessionUser | null;
}
export interface SignInResult {
  signIn: SessionUser;
}

export interface GetSignInOptionsResult {
  signInOptions: { localPasswords: boolean; ssoUrl: string | null; ssoLabel: string | null };
}
