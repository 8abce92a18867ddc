/**
 * The bell: the signed-in user's notifications (newest first, with the unread count) and marking
 * them read. Read on the owner's connection (the API's role cannot read notifications, which name
 * users) and never kept in the response cache: the worker adds notifications outside any request,
 * without bumping a version.
 */
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { execute } from '../graphql/loaders.js';
import { inputError } from '../auth/auth.service.js';
import { requireUser } from '../auth/auth.resolver.js';
import { NotificationKind, NotificationListType, NotificationType } from './cycle.types.js';

/** Notifications one request lists at most. */
export const MAX_NOTIFICATIONS = 100;

@Resolver(() => NotificationListType)
export class NotificationResolver {
  @Query(() => NotificationListType, { description: '自分への通知（サインイン中） / Your notifications (signed in).' })
  async notifications(
    @Arg('limit', () => Int, { defaultValue: 20, description: `件数（1〜${MAX_NOTIFICATIONS}） / How many (1 to ${MAX_NOTIFICATIONS}).` }) limit: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<NotificationListType> {
    const user = requireUser(ctx);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NOTIFICATIONS) throw inputError('limit', `1〜${MAX_NOTIFICATIONS} / 1 to ${MAX_NOTIFICATIONS}`);
    ctx.uncacheable = true;
    const em = ctx.ownerEm ?? ctx.em;
    const rows = await execute(em, `select * from notification where user_id = ? order by id desc limit ?`, [user.id, limit]);
    const [c] = await execute(em, `select count(*)::int as n from notification where user_id = ? and read_at is null`, [user.id]);
    return Object.assign(new NotificationListType(), {
      id: String(user.id),
      unread: Number(c?.n ?? 0),
      items: rows.map((r) =>
        Object.assign(new NotificationType(), {
          id: String(r.id),
          kind: r.kind as NotificationKind,
          title: r.title,
          body: r.body,
          link: r.link ?? null,
          createdAt: new Date(r.created_at).toISOString(),
          read: r.read_at !== null,
        }),
      ),
    });
  }

  @Mutation(() => Int, { description: '通知を既読にする（ids 省略ですべて）。既読にした数 / Mark notifications read (all when ids is omitted); how many.' })
  async markNotificationsRead(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | null | undefined, @Ctx() ctx: GraphQLContext): Promise<number> {
    const user = requireUser(ctx);
    if (ids && ids.length > MAX_NOTIFICATIONS) throw inputError('ids', `${MAX_NOTIFICATIONS}件まで / at most ${MAX_NOTIFICATIONS}`);
    const em = ctx.ownerEm ?? ctx.em;
    const rows = ids
      ? await execute(em, `update notification set read_at = now() where user_id = ? and read_at is null and id = any (?::bigint[]) returning id`, [user.id, ids.map((i) => Number(i) || -1)])
      : await execute(em, `update notification set read_at = now() where user_id = ? and read_at is null returning id`, [user.id]);
    return rows.length;
  }
}
