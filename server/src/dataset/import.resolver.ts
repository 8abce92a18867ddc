/**
 * The importer through GraphQL, for administrators: the same validation, transaction and
 * summary as `npm run import`. Until accounts exist (issue 7), an administrator is a request
 * bearing the token set in ADMIN_TOKEN; without ADMIN_TOKEN the mutation is off.
 */
import { Arg, Ctx, Field, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { readDatasetBytes } from './read.js';
import { importDataset, ImportConflictError } from './importer.js';
import { remainingMs } from '../graphql/budget.js';
import { MAX_IMPORT_FILE_BYTES } from '../graphql/limits.js';
import { actorOf, fileSha256 } from '../audit/audit.sql.js';


@ObjectType({ description: '表ごとの件数 / Rows per table.' })
export class ImportTableCount {
  @Field(() => String, { description: '表 / Table.' }) table!: string;
  @Field(() => Int, { description: '追加 / Added.' }) added!: number;
  @Field(() => Int, { description: '変更 / Changed.' }) changed!: number;
  @Field(() => Int, { description: '変更なし / Left alone.' }) unchanged!: number;
}

@ObjectType({ description: '取込の問題（場所つき） / An import problem with where it is.' })
export class ImportProblem {
  @Field(() => String, { nullable: true, description: 'ファイル名 / File.' }) file?: string;
  @Field(() => String, { description: 'データ内の位置（JSONパス） / Path in the data.' }) path!: string;
  @Field(() => String, { nullable: true, description: 'シート / Sheet.' }) sheet?: string;
  @Field(() => Int, { nullable: true, description: '行 / Row.' }) row?: number;
  @Field(() => String, { nullable: true, description: '列 / Column.' }) column?: string;
  @Field(() => String, { description: '日本語の説明 / Message in Japanese.' }) ja!: string;
  @Field(() => String, { description: '英語の説明 / Message in English.' }) en!: string;
}

@ObjectType({ description: '取込の結果 / The result of an import.' })
export class ImportResult {
  @Field(() => Boolean, { description: '書き込んだ（または試行で問題がなかった）なら true / True when written (or, in a dry run, would be).' })
  ok!: boolean;
  @Field(() => Boolean, { description: '試行のみ（何も書き込まない） / Dry run: nothing written.' }) dryRun!: boolean;
  @Field(() => String, { nullable: true, description: '自治体コード / Municipality code.' }) municipalityCode?: string;
  @Field(() => String, { nullable: true, description: '自治体名 / Municipality name.' }) municipalityName?: string;
  @Field(() => [ImportTableCount], { description: '表ごとの件数 / Counts per table.' }) tables!: ImportTableCount[];
  @Field(() => [ImportProblem], { description: '問題（あれば何も書き込まれていない） / Problems; when any, nothing was written.' })
  problems!: ImportProblem[];
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportResult, {
    description:
      'データセット（JSON または Excel）を取り込む。全体を検証してから1つのトランザクションで書き込み、問題があれば何も変えない（管理者のみ） / Import a dataset file (JSON or Excel): validated whole, written in one transaction, nothing changed on any problem (administrators only).',
  })
  async importDataset(
    @Arg('fileName', () => String, { description: 'ファイル名（.json または .xlsx） / File name (.json or .xlsx).' }) fileName: string,
    @Arg('contentBase64', () => String, { description: 'ファイルの中身（Base64） / File content, Base64.' }) contentBase64: string,
    @Arg('dryRun', () => Boolean, { defaultValue: false, description: '試行のみ / Dry run.' }) dryRun: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportResult> {
    if (!ctx.admin) {
      throw new GraphQLError('管理者だけが取り込めます / only administrators may import', { extensions: { code: 'FORBIDDEN' } });
    }
    const bytes = Buffer.from(contentBase64, 'base64');
    if (bytes.length > MAX_IMPORT_FILE_BYTES) {
      throw new GraphQLError(`ファイルが大きすぎます（上限 ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB） / file too large (limit ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB)`, {
        extensions: { code: 'BAD_USER_INPUT', field: 'contentBase64' },
      });
    }
    const result = (fields: Partial<ImportResult>) => Object.assign(new ImportResult(), { ok: false, dryRun, tables: [], problems: [], ...fields });
    const read = await readDatasetBytes(bytes, fileName);
    if (!read.ok) return result({ problems: read.problems.map((p) => Object.assign(new ImportProblem(), p)) });
    // A city's administrator imports that city's data only (system administrators any city).
    if (ctx.principal.kind === 'user' && ctx.principal.user.municipalityId !== null && ctx.auth) {
      const id = await ctx.auth.municipalityIdByCode(read.dataset.municipality.code);
      if (id !== ctx.principal.user.municipalityId) {
        throw new GraphQLError('他の自治体のデータは取り込めません / you may import only your own municipality’s data', { extensions: { code: 'FORBIDDEN' } });
      }
    }
    try {
      // Imports write as the database owner (the API's role may not), in their own transaction.
      const summary = await importDataset(ctx.ownerEm ?? ctx.em, read.dataset, {
        dryRun,
        audit: { actor: actorOf(ctx.principal), fileName, sha256: fileSha256(bytes) },
        budgetMs: ctx.budget ? remainingMs(ctx.budget) : undefined,
      });
      return result({
        ok: true,
        municipalityCode: summary.municipality.code,
        municipalityName: summary.municipality.name,
        tables: Object.entries(summary.tables).map(([table, c]) => Object.assign(new ImportTableCount(), { table, ...c })),
      });
    } catch (e) {
      if (e instanceof ImportConflictError) {
        return result({ problems: [Object.assign(new ImportProblem(), { file: fileName, path: 'municipality', ja: e.ja, en: e.en })] });
      }
      throw e;
    }
  }
}
