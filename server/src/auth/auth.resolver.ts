/**
 * Accounts through GraphQL: signIn / signOut / me, users (administrators), API tokens
 * (analysts' scripts, read-only), and publishing a fiscal year (administrators).
 */
import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute } from '../graphql/loaders.js';
import { bumpDataVersion } from '../analytics/rollups.js';
import { AuditAction, actorOf, auditInsert } from '../audit/audit.sql.js';
import { MunicipalityType } from '../municipality/municipality.type.js';
import { DepartmentType } from '../department/department.type.js';
import { FiscalYear } from '../shared/fiscal-year.type.js';
import { inputError, readCookie, SESSION_COOKIE, sessionCookie, type AuthService } from './auth.service.js';
import { isSystemAdministrator, roleOf } from './principal.js';
import type { SignedInUser } from './principal.js';
import { Role, mayAdminister, mayCreateApiTokens } from './roles.js';

@ObjectType('User', { description: '利用者 / A user.' })
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'メールアドレス / Email address.' }) email!: string;
  @Field(() => String, { description: '表示名 / Display name.' }) displayName!: string;
  @Field(() => Role, { description: '役割 / Role.' }) role!: Role;
  @Field(() => Boolean, { description: 'システム管理者（全自治体） / System administrator (every city).' }) systemAdministrator!: boolean;
  @Field(() => Boolean, { description: '無効（サインインできない） / Disabled: cannot sign in.' }) disabled!: boolean;
  @Field(() => Boolean, { description: '次のサインインでパスワードの変更が必要 / Must set a new password (after a reset).' }) mustChangePassword!: boolean;
  municipalityId!: number | null;
  departmentId!: number | null;

  static of(u: SignedInUser & { disabled?: boolean }): UserType {
    return Object.assign(new UserType(), {
      disabled: u.disabled ?? false,
      mustChangePassword: u.mustChangePassword ?? false,
      id: String(u.id),
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      systemAdministrator: u.role === Role.ADMINISTRATOR && u.municipalityId === null,
      municipalityId: u.municipalityId,
      departmentId: u.departmentId,
    });
  }
}

@ObjectType({ description: '新しいAPIトークン（この一度だけ表示） / A new API token, shown this once.' })
export class NewApiToken {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Authorization: Bearer に使う値 / The value for Authorization: Bearer.' }) token!: string;
}

@ObjectType('Publication', { description: '公開済みの年度 / A published fiscal year.' })
export class PublicationType {
  @Field(() => FiscalYear) fiscalYear!: FiscalYear;
  @Field(() => String, { description: '公開日時 / Published at.' }) publishedAt!: string;
}

export function requireAuth(ctx: GraphQLContext): AuthService {
  if (!ctx.auth) throw new GraphQLError('この操作はHTTP経由でのみ使えます / only over HTTP', { extensions: { code: 'FORBIDDEN' } });
  return ctx.auth;
}

export function forbidden(ja: string, en: string): GraphQLError {
  return new GraphQLError(`${ja} / ${en}`, { extensions: { code: 'FORBIDDEN' } });
}

export function requireUser(ctx: GraphQLContext): SignedInUser {
  if (ctx.principal.kind !== 'user') throw new GraphQLError('サインインしてください / sign in first', { extensions: { code: 'UNAUTHENTICATED' } });
  return ctx.principal.user;
}

/** The municipality id of a code the caller may administer. */
export async function administeredMunicipality(ctx: GraphQLContext, code: string | null | undefined): Promise<number | null> {
  if (!mayAdminister(roleOf(ctx.principal))) throw forbidden('管理者だけが行えます', 'administrators only');
  if (ctx.principal.kind === 'user' && ctx.principal.user.mustChangePassword)
    throw forbidden('先に新しいパスワードを設定してください', 'set a new password first');
  if (!code) {
    if (ctx.principal.kind === 'user' && ctx.principal.user.municipalityId !== null) return ctx.principal.user.municipalityId;
    return null;
  }
  // Looked up as the owner, so another city's administrator is told "forbidden", not "not found".
  const id = ctx.auth ? await ctx.auth.municipalityIdByCode(code) : Number((await execute(ctx.em, `select id from municipality where code = ?`, [code]))[0]?.id ?? NaN);
  if (id === null || Number.isNaN(id)) throw inputError('municipalityCode', `自治体 ${code} が見つかりません / municipality ${code} not found`);
  if (!isSystemAdministrator(ctx.principal) && !(ctx.principal.kind === 'user' && ctx.principal.user.municipalityId === id))
    throw forbidden('他の自治体は管理できません', 'you may administer only your own municipality');
  return id;
}

@Resolver(() => UserType)
export class AuthResolver {
  @Mutation(() => UserType, { description: 'サインイン（セッションCookieを設定） / Sign in: sets the session cookie.' })
  async signIn(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UserType> {
    const auth = requireAuth(ctx);
    const ip = ctx.http?.req.ip ?? 'unknown';
    const { user, token, expiresAt } = await auth.signIn(email, password, ip);
    ctx.http?.res.append('Set-Cookie', sessionCookie(token, expiresAt, ctx.http.req.secure));
    return UserType.of(user);
  }

  @Mutation(() => Boolean, { description: 'サインアウト / Sign out.' })
  async signOut(@Ctx() ctx: GraphQLContext): Promise<boolean> {
    const auth = requireAuth(ctx);
    const token = readCookie(ctx.http?.req.headers.cookie, SESSION_COOKIE);
    if (token) await auth.signOut(token);
    ctx.http?.res.append('Set-Cookie', sessionCookie('', null, ctx.http.req.secure));
    return true;
  }

  @Query(() => UserType, { nullable: true, description: 'サインイン中の利用者（なければ null） / The signed-in user, or null.' })
  me(@Ctx() ctx: GraphQLContext): UserType | null {
    return ctx.principal.kind === 'user' ? UserType.of(ctx.principal.user) : null;
  }

  @FieldResolver(() => MunicipalityType, { nullable: true, description: '自治体（システム管理者は null） / Municipality (null for a system administrator).' })
  async municipality(@Root() u: UserType, @Ctx() { loaders }: GraphQLContext): Promise<MunicipalityType | null> {
    return u.municipalityId === null ? null : loaders.municipality.load(u.municipalityId);
  }

  @FieldResolver(() => DepartmentType, { nullable: true, description: '所属課（所管課の入力担当） / Department (department editors).' })
  async department(@Root() u: UserType, @Ctx() { loaders }: GraphQLContext): Promise<DepartmentType | null> {
    return u.departmentId === null ? null : loaders.department.load(u.departmentId);
  }

  @Query(() => [UserType], { description: '利用者の一覧（管理者） / Users (administrators).' })
  async users(@Arg('municipalityCode', () => String, { nullable: true }) code: string | null, @Ctx() ctx: GraphQLContext): Promise<UserType[]> {
    const id = await administeredMunicipality(ctx, code);
    return (await requireAuth(ctx).listUsers(id)).map(UserType.of);
  }

  @Mutation(() => UserType, { description: '利用者を作る（管理者） / Create a user (administrators).' })
  async createUser(
    @Arg('email', () => String) email: string,
    @Arg('displayName', () => String) displayName: string,
    @Arg('role', () => Role) role: Role,
    @Arg('password', () => String) password: string,
    @Arg('municipalityCode', () => String, { nullable: true, description: '省略時は管理者の自治体 / Default: the administrator’s.' }) code: string | null,
    @Arg('departmentId', () => ID, { nullable: true }) departmentId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UserType> {
    departmentId ??= null;
    const municipalityId = await administeredMunicipality(ctx, code);
    const user = await requireAuth(ctx).createUser(actorOf(ctx.principal), {
      email,
      displayName,
      role,
      password,
      municipalityId,
      departmentId: departmentId === null ? null : Number(departmentId) || -1,
    });
    return UserType.of(user);
  }

  @Mutation(() => UserType, { description: '利用者の役割・表示名・無効化を変える（管理者） / Change a user’s role, display name or disabled state (administrators).' })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('role', () => Role, { nullable: true }) role: Role | null,
    @Arg('displayName', () => String, { nullable: true }) displayName: string | null,
    @Arg('disabled', () => Boolean, { nullable: true, description: '無効にする（サインイン・APIトークン不可） / Disable: no sign-in, no tokens.' }) disabled: boolean | null,
    @Arg('departmentId', () => ID, { nullable: true, description: '所属課（所管課の入力担当） / Department (department editors).' }) departmentId: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UserType> {
    const municipalityId = await administeredMunicipality(ctx, null);
    // A city's administrator changes users of the city; a system administrator anyone.
    const scope = isSystemAdministrator(ctx.principal) ? null : municipalityId;
    const r = await requireAuth(ctx).updateUser(actorOf(ctx.principal), Number(id) || -1, scope, {
      role: role ?? undefined,
      displayName: displayName ?? undefined,
      disabled: disabled ?? undefined,
      departmentId: departmentId == null ? undefined : Number(departmentId) || -1,
      // An administrator never disables or demotes themself (checked after the last-administrator rule).
      byUserId: ctx.principal.kind === 'user' ? ctx.principal.user.id : undefined,
    });
    if (!r) throw inputError('id', `利用者 ${id} が見つかりません / no user ${id}`);
    return UserType.of(r.after);
  }

  @Mutation(() => NewApiToken, { description: 'APIトークンを作る（分析担当・管理者、読み取り専用） / Create a read-only API token (analysts, administrators).' })
  async createApiToken(
    @Arg('name', () => String) name: string,
    @Arg('days', () => Int, { nullable: true, description: '有効日数（省略で無期限） / Valid for days (default: no expiry).' }) days: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NewApiToken> {
    const user = requireUser(ctx);
    days ??= null;
    if (!mayCreateApiTokens(user.role)) throw forbidden('APIトークンは分析担当と管理者だけが作れます', 'only analysts and administrators may create API tokens');
    if (!name.trim()) throw inputError('name', '名前を入れてください / give the token a name');
    if (days !== null && (days < 1 || days > 3650)) throw inputError('days', '1〜3650日 / 1 to 3650 days');
    const t = await requireAuth(ctx).createApiToken(actorOf(ctx.principal), user, name.trim(), days);
    return Object.assign(new NewApiToken(), { id: String(t.id), token: t.token });
  }

  @Mutation(() => Boolean, { description: 'APIトークンを無効にする / Revoke an API token.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<boolean> {
    return (await requireAuth(ctx).revokeApiToken(actorOf(ctx.principal), requireUser(ctx), Number(id) || -1)) !== null;
  }

  @Query(() => [PublicationType], { description: '公開済みの年度 / Published fiscal years.' })
  async publications(@Arg('municipalityCode', () => String) code: string, @Ctx() ctx: GraphQLContext): Promise<PublicationType[]> {
    const rows = await execute(
      ctx.em,
      `select p.fiscal_year, p.published_at from publication p join municipality m on m.id = p.municipality_id where m.code = ? order by p.fiscal_year`,
      [code],
    );
    return rows.map((r) => Object.assign(new PublicationType(), { fiscalYear: FiscalYear.of(Number(r.fiscal_year)), publishedAt: new Date(r.published_at).toISOString() }));
  }

  @Mutation(() => Boolean, { description: '年度を公開する／非公開に戻す（管理者） / Publish or unpublish a fiscal year (administrators).' })
  async setPublished(
    @Arg('municipalityCode', () => String) code: string,
    @Arg('fiscalYear', () => Int) fiscalYear: number,
    @Arg('published', () => Boolean) published: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    const id = await administeredMunicipality(ctx, code);
    if (fiscalYear < 1989 || fiscalYear > 2100) throw inputError('fiscalYear', '1989〜2100 / between 1989 and 2100');
    const by = ctx.principal.kind === 'user' ? ctx.principal.user.id : null;
    const changed = published
      ? await execute(ctx.em, `insert into publication (municipality_id, fiscal_year, published_by) values (?, ?, ?) on conflict do nothing returning id`, [id, fiscalYear, by])
      : await execute(ctx.em, `delete from publication where municipality_id = ? and fiscal_year = ? returning id`, [id, fiscalYear]);
    if (changed.length) {
      // What anonymous callers may see of the city changed: its cached answers go; and the act is logged (same transaction).
      await bumpDataVersion(ctx.em, id!);
      await execute(ctx.em, ...auditInsert(actorOf(ctx.principal), { municipalityId: id, action: published ? AuditAction.PUBLISH : AuditAction.UNPUBLISH, target: null, details: { fiscalYear } }));
    }
    return published;
  }
}
