/** How one may sign in here, for the sign-in page: local passwords (unless turned off) and the city's provider. */
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../../graphql/context.js';

@ObjectType({ description: 'サインインの方法 / How one may sign in.' })
export class SignInOptions {
  @Field(() => Boolean, { description: 'パスワードでサインインできる / Local passwords are accepted.' }) localPasswords!: boolean;
  @Field(() => String, { nullable: true, description: '庁内の認証基盤（OpenID Connect）へのリンク、なければ null / Where sign-in with the city’s provider starts.' })
  ssoUrl!: string | null;
  @Field(() => String, { nullable: true, description: 'そのボタンの表示（設定があれば） / The button’s label, when set.' }) ssoLabel!: string | null;
}

@Resolver()
export class SignInOptionsResolver {
  @Query(() => SignInOptions, { description: 'サインインの方法 / How one may sign in.' })
  signInOptions(@Ctx() ctx: GraphQLContext): SignInOptions {
    const o = ctx.auth?.options;
    return { localPasswords: o?.localPasswords ?? true, ssoUrl: o?.sso ? '/auth/oidc/login' : null, ssoLabel: o?.sso?.label ?? null };
  }
}
