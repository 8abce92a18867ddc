/**
 * Who is signed in, shared by the whole app. The session itself is the server's HttpOnly cookie:
 * the app only asks `me`, calls signIn / signOut, and notes when the server wants a sign-in
 * (an UNAUTHENTICATED answer once accounts exist). Before any account exists, nothing changes.
 */
import { reactive } from 'vue';
import type { ApolloClient } from '@apollo/client/core';
import GetMe from '../graphql/get_me.query.graphql';
import SignIn from '../graphql/sign_in.mutation.graphql';
import SignOut from '../graphql/sign_out.mutation.graphql';
import type { GetMeResult, Role, SessionUser, SignInResult } from '../graphql/types';
import type { Stage } from '../../../shared/graphql/types';

export interface SessionState {
  user: SessionUser | null;
  /** `me` has answered once. */
  checked: boolean;
  /** The server refused an anonymous request: signing in is needed. */
  signInRequired: boolean;
}

export const session: SessionState = reactive({ user: null, checked: false, signInRequired: false });

/** The role that writes and submits each stage (as the server's STAGE_WRITER). */
export const STAGE_WRITER: Record<Stage, Role | null> = {
  SELF: 'DEPARTMENT_EDITOR',
  SECONDARY: 'REVIEWER',
  EXTERNAL: 'COMMITTEE_MEMBER',
  COUNCIL: null,
};

/** Roles that write some stage (the 評価入力 entry of the navigation). */
export function writesAnyStage(role: Role | undefined): boolean {
  return role === 'DEPARTMENT_EDITOR' || role === 'REVIEWER' || role === 'COMMITTEE_MEMBER';
}

/** May this role write that stage, or review it (reviewers return and accept every stage)? */
export function mayWorkOnStage(role: Role | undefined, stage: Stage): boolean {
  return !!role && (STAGE_WRITER[stage] === role || role === 'REVIEWER');
}

/** Only same-site paths are followed after signing in. */
export function safeRedirect(path: unknown): string {
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/signin') ? path : '/';
}

export async function loadSession(client: ApolloClient<unknown>): Promise<void> {
  try {
    const r = await client.query<GetMeResult>({ query: GetMe, fetchPolicy: 'network-only', errorPolicy: 'none' });
    session.user = r.data.me;
  } catch {
    session.user = null;
  } finally {
    session.checked = true;
  }
}

/** Signs in (throws the ApolloError on failure), then refetches everything as the new user. */
export async function signIn(client: ApolloClient<unknown>, email: string, password: string): Promise<SessionUser> {
  const r = await client.mutate<SignInResult>({ mutation: SignIn, variables: { email, password }, errorPolicy: 'none' });
  const user = r.data!.signIn;
  session.user = user;
  session.signInRequired = false;
  try {
    await client.resetStore();
  } catch {
    /* a panel's own error shows in that panel */
  }
  return user;
}

export async function signOut(client: ApolloClient<unknown>): Promise<void> {
  try {
    await client.mutate({ mutation: SignOut, errorPolicy: 'none' });
  } finally {
    session.user = null;
    // Accounts exist (someone was signed in): from now on the server asks for a sign-in.
    session.signInRequired = true;
    await client.clearStore();
  }
}
