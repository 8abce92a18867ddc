/**
 * The shared classifications every city's policy tree can be mapped onto (共通分類), as data:
 * the SDGs' 17 goals and the purpose classes of expenditure (目的別歳出) that every
 * municipality's settlement is reported under in 地方財政状況調査 (決算統計). The migration writes
 * them into `taxonomy_class`; dataset validation checks mapping codes against this list.
 */

/** A classification scheme: the SDGs' goals or the 目的別歳出 classes. */
export const TAXONOMY_SCHEMES = ['sdg', 'purpose'] as const;
export type TaxonomyScheme = (typeof TAXONOMY_SCHEMES)[number];

export interface TaxonomyClassDef {
  scheme: TaxonomyScheme;
  /** Stable code in datasets: the goal's number ("3") or the class's official name ("民生費"). */
  code: string;
  nameJa: string;
  nameEn: string;
  note?: string;
}

/** Where the lists come from (shown with the classes). */
export const TAXONOMY_SOURCES: Record<TaxonomyScheme, string> = {
  sdg: '国際連合「持続可能な開発のための2030アジェンダ」（2015年）の17の目標（外務省仮訳の略称）',
  purpose:
    '総務省「地方財政状況調査」の目的別歳出の款（地方財政白書の分類：議会費 … 前年度繰上充用金。警察費は都道府県のみ）',
};

const SDG_NAMES: readonly [string, string][] = [
  ['貧困をなくそう', 'No poverty'],
  ['飢餓をゼロに', 'Zero hunger'],
  ['すべての人に健康と福祉を', 'Good health and well-being'],
  ['質の高い教育をみんなに', 'Quality education'],
  ['ジェンダー平等を実現しよう', 'Gender equality'],
  ['安全な水とトイレを世界中に', 'Clean water and sanitation'],
  ['エネルギーをみんなに そしてクリーンに', 'Affordable and clean energy'],
  ['働きがいも経済成長も', 'Decent work and economic growth'],
  ['産業と技術革新の基盤をつくろう', 'Industry, innovation and infrastructure'],
  ['人や国の不平等をなくそう', 'Reduced inequalities'],
  ['住み続けられるまちづくりを', 'Sustainable cities and communities'],
  ['つくる責任 つかう責任', 'Responsible consumption and production'],
  ['気候変動に具体的な対策を', 'Climate action'],
  ['海の豊かさを守ろう', 'Life below water'],
  ['陸の豊かさも守ろう', 'Life on land'],
  ['平和と公正をすべての人に', 'Peace, justice and strong institutions'],
  ['パートナーシップで目標を達成しよう', 'Partnerships for the goals'],
];

const PURPOSE_NAMES: readonly [string, string, string?][] = [
  ['議会費', 'Assembly'],
  ['総務費', 'General administration'],
  ['民生費', 'Welfare (including child welfare)'],
  ['衛生費', 'Public health and environment'],
  ['労働費', 'Labour'],
  ['農林水産業費', 'Agriculture, forestry and fisheries'],
  ['商工費', 'Commerce and industry'],
  ['土木費', 'Civil engineering'],
  ['消防費', 'Fire services'],
  ['警察費', 'Police', '都道府県のみ'],
  ['教育費', 'Education'],
  ['災害復旧費', 'Disaster recovery'],
  ['公債費', 'Debt service'],
  ['諸支出金', 'Miscellaneous expenditure'],
  ['前年度繰上充用金', 'Prior-year deficit appropriation'],
];

/** Every class, in display order within its scheme. */
export const TAXONOMY_CLASSES: readonly TaxonomyClassDef[] = [
  ...SDG_NAMES.map(([ja, en], i) => ({ scheme: 'sdg' as const, code: String(i + 1), nameJa: `目標${i + 1} ${ja}`, nameEn: `Goal ${i + 1}: ${en}` })),
  ...PURPOSE_NAMES.map(([ja, en, note]) => ({ scheme: 'purpose' as const, code: ja, nameJa: ja, nameEn: en, ...(note ? { note } : {}) })),
];

/** Whether `code` names a class of `scheme`. */
export function isTaxonomyClass(scheme: TaxonomyScheme, code: string): boolean {
  return TAXONOMY_CLASSES.some((c) => c.scheme === scheme && c.code === code);
}
