/**
 * A user's own page and what administrators do for a user beyond roles (issue 23): passwords
 * (reset by an administrator, changed by the user), one's own name, API tokens listed and revoked.
 */
import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Mutation, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { actorOf } from '../audit/audit.sql.js';
import { inputError } from './auth.service.js';
import { administeredMunicipality, forbidden, requireAuth, requireUser, UserType } from './auth.resolver.js';
import { isSystemAdministrator, roleOf } from './principal.js';
import { mayAdminister } from './roles.js';

@ObjectType('ApiToken', { description: 'APIトークン（値は作成時だけ表示） / An API token (its value is shown only when made).' })
export class ApiTokenType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '名前 / Name.' }) name!: string;
  @Field(() => String, { description: '作成日時 / Created at.' }) createdAt!: string;
  @Field(() => String, { nullable: true, description: '有効期限（null は無期限） / Expires at (null: never).' }) expiresAt!: string | null;
  @Field(() => String, { nullable: true, description: '最後に使われた日時 / Last used at.' }) lastUsedAt!: string | null;
  @Field(() => Boolean, { description: '無効化済み / Revoked.' }) revoked!: boolean;
}

/** May the caller see and revoke this user's tokens: the user, or an administrator of the user's city. */
function mayManage(ctx: GraphQLContext, u: UserType): boolean {
  const p = ctx.principal;
  if (p.kind === 'user' && String(p.user.id) === u.id) return true;
  if (!mayAdminister(roleOf(p))) return false;
  return isSystemAdministrator(p) || (p.kind === 'user' && p.user.municipalityId !== null && p.user.municipalityId === u.municipalityId);
}

@Resolver(() => UserType)
export class AccountResolver {
  @FieldResolver(() => [ApiTokenType], { description: 'APIトークン（本人と管理者だけ） / API tokens (the user and administrators only).' })
  async apiTokens(@Root() u: UserType, @Ctx() ctx: GraphQLContext): Promise<ApiTokenType[]> {
    if (!mayManage(ctx, u)) throw forbidden('この利用者のAPIトークンは見られません', 'you may not see this user’s tokens');
    return (await requireAuth(ctx).accounts.listTokens(Number(u.id))).map((t) =>
      Object.assign(new ApiTokenType(), {
        id: String(t.id),
        name: t.name,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt?.toISOString() ?? null,
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        revoked: t.revoked,
      }),
    );
  }

  @Mutation(() => String, { description: 'パスワードを再設定する（管理者）。一度だけ表示する仮パスワードを返し、本人は次のサインインで変更する / Reset a password (administrators): returns a one-time password, shown once; the user sets a new one at next sign-in.' })
  async resetPassword(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<string> {
    const municipalityId = await administeredMunicipality(ctx, null);
    const scope = isSystemAdministrator(ctx.principal) ? null : municipalityId;
    const password = await requireAuth(ctx).accounts.resetPassword(actorOf(ctx.principal), Number(id) || -1, scope);
    if (password === null) throw inputError('id', `利用者 ${id} が見つかりません（またはパスワードでサインインしない利用者です） / no user ${id} who signs in with a password`);
    return password;
  }

  @Mutation(() => UserType, { description: '自分のパスワードを変える / Change your own password.' })
  async changePassword(
    @Arg('currentPassword', () => String) current: string,
    @Arg('newPassword', () => String) next: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UserType> {
    const user = requireUser(ctx);
    await requireAuth(ctx).accounts.changePassword(actorOf(ctx.principal), user.id, current, next);
    return UserType.of({ ...user, mustChangePassword: false });
  }

  @Mutation(() => UserType, { description: '自分の表示名を変える / Change your own display name.' })
  async updateMe(@Arg('displayName', () => String) displayName: string, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    const user = requireUser(ctx);
    if (displayName.length > 100) throw inputError('displayName', '100文字以内 / at most 100 characters');
    const r = await requireAuth(ctx).updateUser(actorOf(ctx.principal), user.id, null, { displayName });
    return UserType.of(r!.after);
  }

  @Mutation(() => Boolean, { description: '利用者のAPIトークンを無効にする（管理者） / Revoke a user’s API token (administrators).' })
  async revokeUserApiToken(@Arg('userId', () => ID) userId: string, @Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    const municipalityId = await administeredMunicipality(ctx, null);
    const auth = requireAuth(ctx);
    const u = await auth.accounts.userIn(Number(userId) || -1, isSystemAdministrator(ctx.principal) ? null : municipalityId);
    if (!u) throw inputError('userId', `利用者 ${userId} が見つかりません / no user ${userId}`);
    return (await auth.revokeApiToken(actorOf(ctx.principal), { id: Number(u.id) }, Number(id) || -1)) !== null;
  }
}
