/**
 * Imports from the dashboard (administrators): start with a file (its preview is made in the
 * background), poll the job (through any API process), confirm, cancel, or preview its file
 * again. See import-jobs.ts.
 */
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { MAX_IMPORT_FILE_BYTES } from '../graphql/limits.js';
import { actorOf } from '../audit/audit.sql.js';
import { cancelImport, confirmImport, importJob, ImportBusyError, ImportNotFoundError, ImportStateError, previewAgain, startImportPreview, type ImportJob } from './import-jobs.js';
import { ImportJobState, ImportJobType, ImportPreviewType } from './import-job.types.js';
import { ImportProblem, ImportTableCount } from './import.resolver.js';
import type { PreviewRecord } from './preview.js';
import { PREVIEW_LIST_LIMIT } from './preview.js';
import { TABLE_LABELS } from './importer.js';

const forbidden = () => new GraphQLError('管理者だけが取り込めます / only administrators may import', { extensions: { code: 'FORBIDDEN' } });

function ownerOf(ctx: GraphQLContext): string {
  const p = ctx.principal;
  return p.kind === 'user' ? `user:${p.user.id}` : p.kind;
}

function shown(job: ImportJob): ImportJobType {
  const records = (kind: string, list: PreviewRecord[]) => list.map((r, i) => ({ id: `${job.id}:${kind}:${i}`, ...r }));
  const p = job.preview;
  const preview: ImportPreviewType | undefined = p && {
    id: `${job.id}:preview`,
    tables: p.tables.map((t) => ({ id: `${job.id}:${t.table}`, ...t })),
    added: records('added', p.added),
    changed: records('changed', p.changed),
    unchanged: records('unchanged', p.unchanged),
    missing: records('missing', p.missing),
    listLimit: PREVIEW_LIST_LIMIT,
  };
  return {
    id: job.id,
    state: job.status as ImportJobState,
    fileName: job.fileName,
    format: job.format,
    municipalityName: job.municipalityName ?? job.result?.municipality.name,
    progress: job.progress,
    problems: job.problems.map((x) => Object.assign(new ImportProblem(), x)),
    preview,
    written: job.result && Object.entries(job.result.tables).map(([table, c]) => Object.assign(new ImportTableCount(), { table: TABLE_LABELS[table] ?? table, ...c })),
    removed: job.result ? Object.values(job.result.removed).reduce((a, b) => a + b, 0) : 0,
    removeMissing: job.removeMissing,
  };
}

const notFound = () => new GraphQLError('その取込はありません（期限切れか、ほかの人の取込です） / no such import', { extensions: { code: 'NOT_FOUND', field: 'id' } });

/** Jobs live in the database: the owner's connection, whichever process answers. */
const jobEm = (ctx: GraphQLContext) => ctx.ownerEm ?? ctx.em;

const stepError = (e: unknown) => {
  if (e instanceof ImportNotFoundError) return notFound();
  if (e instanceof ImportStateError) return new GraphQLError('この取込はその操作ができる段階にありません / the import is not in a state that allows this', { extensions: { code: 'BAD_USER_INPUT' } });
  if (e instanceof ImportBusyError)
    return new GraphQLError('取込が混み合っています。しばらくしてからやり直してください / too many imports at once; try again shortly', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  return e;
};

/** A city's administrator imports that city's data only (system administrators any city). */
function mayImport(ctx: GraphQLContext): (code: string) => Promise<boolean> {
  const p = ctx.principal;
  const own = p.kind === 'user' ? p.user.municipalityId : null;
  return async (code) => own === null || (await ctx.auth?.municipalityIdByCode(code)) === own;
}

@Resolver()
export class ImportJobResolver {
  @Mutation(() => ImportJobType, {
    description:
      'ファイル（JSON・Excel・CSV）を読み、問題とプレビューを作る。何も書き込まない。進み具合は importJob で（管理者のみ） / Read a file and make its preview in the background; nothing is written (administrators only).',
  })
  async startImport(
    @Arg('fileName', () => String, { description: 'ファイル名（.json、.xlsx、.csv） / File name.' }) fileName: string,
    @Arg('contentBase64', () => String, { description: 'ファイルの中身（Base64） / File content, Base64.' }) contentBase64: string,
    @Arg('municipalityCode', () => String, { nullable: true, description: 'CSV を取り込む自治体（省略時は自分の自治体） / The city a CSV goes to (default: your own).' })
    municipalityCode: string | undefined,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportJobType> {
    if (!ctx.admin) throw forbidden();
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length > MAX_IMPORT_FILE_BYTES)
      throw new GraphQLError(`ファイルが大きすぎます（上限 ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB） / file too large (limit ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB)`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'contentBase64' },
      });
    const p = ctx.principal;
    const own = p.kind === 'user' ? p.user.municipalityId : null;
    const em = jobEm(ctx);
    // A city's administrator's CSV goes to their own city.
    const code =
      municipalityCode ??
      (own === null ? undefined : ((await em.getConnection().execute<{ code: string }[]>('select code from municipality where id = ?', [own]))[0]?.code ?? undefined));
    try {
      return shown(await startImportPreview({ em, owner: ownerOf(ctx), fileName, bytes, municipalityCode: code, mayImport: mayImport(ctx) }));
    } catch (e) {
      throw stepError(e);
    }
  }

  @Mutation(() => ImportJobType, {
    description:
      '取込のファイルをもう一度読み、新しいプレビューを作る（確定の前にデータが変わったときなど）。何も書き込まない（管理者のみ） / Preview a job’s file again as a new job (e.g. after the city’s data changed); nothing is written.',
  })
  async previewImportAgain(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ImportJobType> {
    if (!ctx.admin) throw forbidden();
    try {
      return shown(await previewAgain(jobEm(ctx), id, ownerOf(ctx), mayImport(ctx)));
    } catch (e) {
      throw stepError(e);
    }
  }

  @Query(() => ImportJobType, { description: '取込の段階・進み具合・問題・プレビュー（始めた管理者のみ） / An import job (the administrator who started it).' })
  async importJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ImportJobType> {
    if (!ctx.admin) throw forbidden();
    ctx.uncacheable = true;
    const job = await importJob(jobEm(ctx), id, ownerOf(ctx));
    if (!job) throw notFound();
    return shown(job);
  }

  @Mutation(() => ImportJobType, {
    description:
      'プレビューした取込を確定し、1つのトランザクションで書き込む。ファイルにない記録は removeMissing のときだけ削除 / Confirm a previewed import: written in one transaction; records the file lacks are removed only with removeMissing.',
  })
  async confirmImport(
    @Arg('id', () => ID) id: string,
    @Arg('removeMissing', () => Boolean, { defaultValue: false, description: 'ファイルにない記録を削除する / Remove records the file lacks.' }) removeMissing: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportJobType> {
    if (!ctx.admin) throw forbidden();
    try {
      return shown(await confirmImport(jobEm(ctx), id, ownerOf(ctx), { actor: actorOf(ctx.principal), removeMissing }));
    } catch (e) {
      throw stepError(e);
    }
  }

  @Mutation(() => ImportJobType, { description: '取込を取り消す（何も書き込まない） / Cancel an import; nothing is written.' })
  async cancelImport(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext): Promise<ImportJobType> {
    if (!ctx.admin) throw forbidden();
    try {
      return shown(await cancelImport(jobEm(ctx), id, ownerOf(ctx)));
    } catch (e) {
      throw stepError(e);
    }
  }
}
