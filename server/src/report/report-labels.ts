/**
 * The report's words for the codes it carries (stages, value kinds, record kinds), one place for
 * the workbook, the appendix's details and the command line. A code is looked up whatever its
 * case: the service hands the database's `self`, an answer through the API `SELF`.
 */
import { fiscalYearLabel } from '../shared/fiscal-year.js';

const STAGE: Record<string, string> = { self: '一次評価', secondary: '二次評価', external: '外部評価', council: '政策会議' };
const STAGE_SHORT: Record<string, string> = { self: '一次', secondary: '二次', external: '外部', council: '政策会議' };
const SUBJECT_KIND: Record<string, string> = { policy_node: '施策体系', indicator: '指標', project: '事業' };
const RECORD_KIND: Record<string, string> = {
  plan: '計画',
  policy_node: '施策体系',
  indicator: '指標',
  indicator_value: '指標値',
  project: '事業',
  project_amount: '事業費',
  evaluation: '評価',
};
const VALUE_KIND: Record<string, string> = { baseline: '基準値', target: '目標値', actual: '実績値', budget: '予算額', settled: '決算額' };
const COST_BASIS: Record<string, string> = { total_cost: 'トータルコスト', settled: '決算額' };
const DIRECTION: Record<string, string> = { expand: '拡充', maintain: '現状維持', improve: '改善', reduce: '縮小', integrate: '統合', abolish: '廃止', complete: '完了' };
const REASON: Record<string, string> = { uncertain: '要確認（出典で確定できない）', generated: '生成データ' };

const pick = (map: Record<string, string>, code: string | null | undefined, otherwise: string): string =>
  code ? (map[code.toLowerCase()] ?? otherwise) : otherwise;

/** 一次評価, 二次評価 … ("すべての段階" for none; an unknown code reads 評価段階). */
export const stageLabel = (stage: string | null | undefined): string => (stage ? pick(STAGE, stage, '評価段階') : 'すべての段階');
/** 一次, 二次 … for column headers. */
export const stageShort = (stage: string | null | undefined): string => pick(STAGE_SHORT, stage, '評価');
/** 施策体系, 指標, 事業. */
export const subjectKindLabel = (kind: string | null | undefined): string => pick(SUBJECT_KIND, kind, '対象');
/** 計画, 施策体系, 指標値 … (the appendix's records). */
export const recordKindLabel = (kind: string | null | undefined): string => pick(RECORD_KIND, kind, '記録');
/** 基準値, 目標値, 実績値, 予算額, 決算額. */
export const valueKindLabel = (kind: string | null | undefined): string => pick(VALUE_KIND, kind, '値');
/** トータルコスト or 決算額 (what a cost was computed from); 不明 for none. */
export const costBasisLabel = (basis: string | null | undefined): string => pick(COST_BASIS, basis, '不明');
/** 拡充, 現状維持 … (今後の方向性); 不明 for none. */
export const directionLabel = (direction: string | null | undefined): string => pick(DIRECTION, direction, '不明');
/** Why a record is in the appendix: 要確認（…） or 生成データ. */
export const flagReasonLabel = (reason: string | null | undefined): string => pick(REASON, reason, '要確認');

/**
 * What a flagged record says, in words: "令和4年度・実績値・5,900人" for a value or an amount,
 * "令和5年度・二次評価・B" for an evaluation (a missing level reads 評価なし).
 */
export function flaggedDetail(kind: string, year: number | null, what: string | null, text: string | null): string | null {
  if (year === null) return null;
  const middle = kind === 'evaluation' ? stageLabel(what) : valueKindLabel(what);
  const last = kind === 'evaluation' ? (text ?? '評価なし') : (text ?? '');
  return [fiscalYearLabel(year), middle, last].filter(Boolean).join('・');
}

// With the era, as every year the report prints (and the dashboard's dates) carries it.
const DATE_TIME = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' });
/** "令和8年12月8日 00:40" (Japan time). */
export const formatDateTime = (date: Date): string => DATE_TIME.format(date);
