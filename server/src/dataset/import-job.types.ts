/**
 * The dashboard's imports through GraphQL: a job (reading, invalid, ready, writing, done …), its
 * problems with their places, and its preview record by record.
 */
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImportProblem, ImportTableCount } from './import.resolver.js';

export enum ImportJobState {
  READING = 'reading',
  INVALID = 'invalid',
  READY = 'ready',
  WRITING = 'writing',
  DONE = 'done',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
  STALE = 'stale',
}
registerEnumType(ImportJobState, {
  name: 'ImportJobState',
  description: '取込の段階 / Where an import is.',
  valuesConfig: {
    READING: { description: 'ファイルを読み、検査し、プレビューを作成中 / Reading, checking and previewing the file.' },
    INVALID: { description: '問題があり取り込めない（何も書き込んでいない） / Has problems; nothing written.' },
    READY: { description: 'プレビューができ、確定を待っている / Preview ready, waiting for confirmation.' },
    WRITING: { description: '書き込み中 / Being written.' },
    DONE: { description: '取り込んだ / Written.' },
    FAILED: { description: '失敗した（何も書き込んでいない） / Failed; nothing written.' },
    CANCELLED: { description: '取り消した / Cancelled.' },
    STALE: { description: 'プレビューの後に自治体のデータが変わったので確定しなかった（何も書き込んでいない）。もう一度プレビューできる / The city’s data changed after the preview: not written; preview again.' },
  },
});

@ObjectType({ description: '変更された項目の前後 / A field before and after.' })
export class ImportFieldChange {
  @Field(() => String, { description: '項目（Excel 版の見出し） / Field, as its workbook header.' }) field!: string;
  @Field(() => String, { description: '変更前 / Before.' }) before!: string;
  @Field(() => String, { description: '変更後 / After.' }) after!: string;
}

@ObjectType({ description: 'プレビューの1件 / One record of the preview.' })
export class ImportPreviewRecord {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '記録の種類（シート名） / Kind of record (sheet).' }) table!: string;
  @Field(() => String, { description: '記録（キーなど） / The record, by its key.' }) label!: string;
  @Field(() => [ImportFieldChange], { description: '変更された項目（変更のときだけ） / Fields changed.' }) changes!: ImportFieldChange[];
}

@ObjectType({ description: 'プレビューの種類ごとの件数 / Preview counts per kind of record.' })
export class ImportPreviewTable {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: '記録の種類 / Kind of record.' }) table!: string;
  @Field(() => Int) added!: number;
  @Field(() => Int) changed!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: '自治体にあってファイルにない / In the city, not in the file.' }) missing!: number;
}

@ObjectType({ description: '取込のプレビュー / What an import would change.' })
export class ImportPreviewType {
  @Field(() => ID) id!: string;
  @Field(() => [ImportPreviewTable]) tables!: ImportPreviewTable[];
  @Field(() => [ImportPreviewRecord], { description: '追加される記録 / Records added.' }) added!: ImportPreviewRecord[];
  @Field(() => [ImportPreviewRecord], { description: '変更される記録（項目ごとの前後） / Records changed, field by field.' }) changed!: ImportPreviewRecord[];
  @Field(() => [ImportPreviewRecord], { description: '変更のない記録 / Records left as they are.' }) unchanged!: ImportPreviewRecord[];
  @Field(() => [ImportPreviewRecord], { description: '自治体にあってファイルにない記録 / Records the city has that the file lacks.' }) missing!: ImportPreviewRecord[];
  @Field(() => Int, { description: '一覧に載せる件数の上限（件数は常に全体） / Records listed per kind at most.' }) listLimit!: number;
}

@ObjectType({ description: '取込の進み具合 / Progress of an import.' })
export class ImportProgress {
  @Field(() => String, { description: '書き込み中の記録の種類 / Kind of record being written.' }) table!: string;
  @Field(() => Int) done!: number;
  @Field(() => Int) total!: number;
}

@ObjectType({ description: 'ダッシュボードからの取込 / An import started from the dashboard.' })
export class ImportJobType {
  @Field(() => ID) id!: string;
  @Field(() => ImportJobState) state!: ImportJobState;
  @Field(() => String) fileName!: string;
  @Field(() => String, { description: '形式（JSON、Excel、CSV（UTF-8）、CSV（Shift_JIS）） / Format.' }) format!: string;
  @Field(() => String, { nullable: true }) municipalityName?: string;
  @Field(() => ImportProgress, { nullable: true }) progress?: ImportProgress;
  @Field(() => [ImportProblem], { description: '問題（場所つき） / Problems with their places.' }) problems!: ImportProblem[];
  @Field(() => ImportPreviewType, { nullable: true }) preview?: ImportPreviewType;
  @Field(() => [ImportTableCount], { nullable: true, description: '書き込んだ件数 / What was written.' }) written?: ImportTableCount[];
  @Field(() => Int, { description: 'ファイルになく削除した記録 / Records removed because the file lacked them.' }) removed!: number;
  @Field(() => Boolean, { description: 'ファイルにない記録を削除する選択 / Whether missing records were to be removed.' }) removeMissing!: boolean;
}
