/**
 * The four real cities' places in the shared taxonomy (共通分類: 目的別歳出 and the SDGs) and their
 * attributes, added to their datasets by each city's script (isesaki.ts, katori.ts, ayase-000.ts,
 * tokorozawa.ts).
 *
 * None of the documents prints a 目的別 class, and only 香取 mentions the SDGs (as a measure of its
 * own, 6-2), so every mapping is a reading of the node's name and the text on its line: the note
 * says what it rests on, and a node that could fall under two classes gets both and is marked
 * uncertain. Mappings are set where the city's tree says most (伊勢崎: 目的別 on each 施策, SDGs on
 * each 政策; the others on their top nodes) and hold for the subtree below.
 *
 * Attributes: none of the five documents in data/sources prints the city's population or area
 * (read for 人口, 万人, 面積, km², 市の概要: only 人口減少 and 関係人口 in prose), so the figures come
 * from reference pages found offline through the library search; each says where it comes from,
 * as of when, and in its note which document lacks it. Every figure here comes
 * from a secondary page, so all are marked uncertain; a 一般市 category is settled by the
 * population (中核市 and 施行時特例市 both need 200,000 or more).
 */
import type { CityAttributes, ClassMappingRecord } from '../../server/src/dataset/format.js';

type NodeLike = { key?: unknown; provenance?: unknown };
/** key → [classes, note, uncertain?] */
type Table = Record<string, [string[], string, boolean?]>;

const PURPOSE_NOTE = '文書に目的別歳出の区分の記載はなく、施策名と内容から判断した';
const SDG_NOTE = '文書にSDGsの目標の記載はなく、政策名と内容から判断した';

/** 伊勢崎市: 目的別 per 施策 (depth 3). */
const ISESAKI_PURPOSE: Table = {
  '1-1-1': [['衛生費'], '健康づくりと疾病予防（保健衛生費）'],
  '1-1-2': [['衛生費'], '地域医療体制（保健衛生費）'],
  '1-1-3': [['民生費'], '医療・年金制度の運営（国民年金事務、国民健康保険への繰出しは民生費）。後期高齢者医療など衛生費に計上する市もある', true],
  '1-2-1': [['民生費'], '子ども・子育て支援（児童福祉費）'],
  '1-2-2': [['民生費'], '地域福祉（社会福祉費）'],
  '1-2-3': [['民生費'], '高齢者福祉（老人福祉費）'],
  '1-2-4': [['民生費'], '施策名の印字がない。この行の自己評価は障害者の相談支援体制について述べており、障害者福祉（社会福祉費）と読んだ', true],
  '2-1-1': [['土木費'], '土地利用と景観形成（都市計画費）'],
  '2-1-2': [['土木費'], '市街地の整備（都市計画費）'],
  '2-1-3': [['土木費', '総務費'], '公共交通は都市計画費に計上する市と企画費（総務費）に計上する市がある', true],
  '2-1-4': [['土木費'], '施策名の印字がない。この行の施策の展開は幹線道路の整備であり、道路橋りょう費と読んだ', true],
  '2-1-5': [['衛生費', '土木費'], '生活排水処理は浄化槽（衛生費）と下水道（土木費の繰出金）にまたがる', true],
  '2-1-6': [['衛生費'], '水道は公営企業会計で、一般会計からの繰出しは衛生費', true],
  '2-1-7': [['土木費'], '居住環境（住宅費）'],
  '2-2-1': [['農林水産業費'], '農業の振興（農業費）'],
  '2-2-2': [['商工費'], '商工業の振興'],
  '2-2-3': [['商工費', '労働費'], '企業誘致（商工費）と雇用の促進（労働費）の両方を含む'],
  '2-2-4': [['商工費'], '観光の振興（観光費は商工費）'],
  '3-1-1': [['総務費', '消防費'], '施策名の印字がない。自己評価は防災意識と備えについて述べている。防災は総務費（防災費）に計上する市と消防費（災害対策費）に計上する市がある', true],
  '3-1-2': [['消防費', '総務費'], '災害に強いまちづくり。防災は総務費に計上する市と消防費に計上する市がある', true],
  '3-1-3': [['総務費'], '防犯対策（交通安全対策・防犯は総務費）'],
  '3-1-4': [['消防費'], '消防・救急体制'],
  '3-1-5': [['土木費', '総務費'], '施策名の印字がない。施策の展開は交通安全施設の充実（道路反射鏡など：道路橋りょう費）で、交通安全対策（総務費）も含むと読んだ', true],
  '3-1-6': [['商工費', '総務費'], '消費者保護は商工費に計上する市と総務費に計上する市がある', true],
  '3-2-1': [['衛生費'], '地域環境の保全（環境衛生費・公害対策費）'],
  '3-2-2': [['衛生費'], 'ごみの減量と再資源化（清掃費）'],
  '3-2-3': [['土木費'], '水と緑の空間（公園費）'],
  '4-1-1': [['教育費'], '幼児・学校教育（幼稚園費・小学校費など）'],
  '4-1-2': [['教育費'], '児童・生徒の心身の育成'],
  '4-1-3': [['教育費'], '中等教育学校'],
  '4-2-1': [['教育費'], '施策名の印字がない。政策4-2（生涯にわたる心身を育む）の施策であり、生涯学習（社会教育費）と読んだ', true],
  '4-2-2': [['教育費'], '青少年の健全育成（社会教育費）'],
  '4-2-3': [['教育費'], '文化財の保存活用（社会教育費）'],
  '4-2-4': [['教育費'], '教育施設の充実'],
  '4-2-5': [['教育費'], 'スポーツの推進（保健体育費）'],
  '5-1-1': [['総務費'], '市民との協働（総務管理費）'],
  '5-1-2': [['総務費'], '人権の尊重'],
  '5-1-3': [['総務費'], '男女共同参画'],
  '5-1-4': [['総務費'], '国際交流・国内交流'],
  '5-2-1': [['総務費'], '行政運営（総務管理費）'],
  '5-2-2': [['総務費'], '財政運営（財政管理費）'],
};

/** 伊勢崎市: SDGs per 政策 (depth 2). */
const ISESAKI_SDG: Table = {
  '1-1': [['3'], '市民の健康'],
  '1-2': [['1', '3', '10'], '子育てと自立した暮らし（福祉）'],
  '2-1': [['6', '9', '11'], '生活の基盤（土地利用、交通、上下水道、住環境）'],
  '2-2': [['2', '8', '9'], '農業・商工業・雇用・観光'],
  '3-1': [['11', '13', '16'], '防災・防犯・消防・交通安全'],
  '3-2': [['12', '13', '15'], '環境保全・ごみ・水と緑'],
  '4-1': [['4'], '幼児・学校教育'],
  '4-2': [['3', '4'], '生涯学習・文化・スポーツ'],
  '5-1': [['5', '10', '16', '17'], '協働・人権・男女共同参画・交流'],
  '5-2': [['16', '17'], '行政運営・財政運営'],
};

/** 香取市 大綱6: 目的別 on the 大綱, SDGs per 施策. */
const KATORI_PURPOSE: Table = {
  '6': [['総務費'], '大綱6「市民参画・行政の取組」の施策（市民協働、SDGs、過疎対策、交流、広報広聴、行政運営、財政運営）はいずれも総務費（総務管理費・企画費）にあたる'],
};
const KATORI_SDG: Table = {
  '6-1': [['11', '17'], '市民協働・コミュニティ'],
  '6-2': [['17'], '施策「SDGs」はSDGsの推進体制そのもの（17のゴール全体に関わる）。推進の枠組みとして目標17に対応づけた', true],
  '6-3': [['8', '11'], '過疎対策（地域の持続と活性化）'],
  '6-4': [['11', '17'], '地域間交流・国際交流'],
  '6-5': [['16'], '広報・広聴（情報公開と参加）'],
  '6-6': [['9', '16'], '行政運営・DX'],
  '6-7': [['16'], '財政運営'],
};

/** 綾瀬市 戦略プロジェクト (top nodes). */
const AYASE_PURPOSE: Table = {
  'ayase-sp-sodateru2': [['総務費'], '多文化共生・外国人市民への行政サービス（総務管理費）'],
  'ayase-sp-kasegu2': [['商工費'], 'ものづくり企業の技術力・ブランド化・担い手（商工費）'],
  'ayase-sp-sasaeru3': [['消防費', '総務費'], '大規模自然災害対策。防災は総務費に計上する市と消防費に計上する市がある', true],
  'ayase-sp-sasaeru4': [['土木費', '総務費'], '移動手段。交通施設は土木費、コミュニティバスなどの運行は総務費（企画費）に計上する市が多い', true],
};
const AYASE_SDG: Table = {
  'ayase-sp-sodateru2': [['10', '16'], '多文化共生'],
  'ayase-sp-kasegu2': [['8', '9'], 'ものづくり産業'],
  'ayase-sp-sasaeru3': [['11', '13'], '災害対策'],
  'ayase-sp-sasaeru4': [['9', '11'], '公共交通・移動手段'],
};

/** 所沢市 重点課題 (top node). */
const TOKOROZAWA_PURPOSE: Table = {
  'tokorozawa-juten-kizuna': [['総務費'], '地域づくり協議会・自治会などコミュニティ施策（総務管理費）'],
};
const TOKOROZAWA_SDG: Table = {
  'tokorozawa-juten-kizuna': [['11', '16', '17'], '地域コミュニティと住民自治'],
};

const TABLES = {
  isesaki: { purpose: ISESAKI_PURPOSE, sdg: ISESAKI_SDG },
  katori: { purpose: KATORI_PURPOSE, sdg: KATORI_SDG },
  ayase: { purpose: AYASE_PURPOSE, sdg: AYASE_SDG },
  tokorozawa: { purpose: TOKOROZAWA_PURPOSE, sdg: TOKOROZAWA_SDG },
} as const;

/** The city's mappings onto its nodes, each with the node's own line as provenance. Fails on a key not in the tree. */
export function classMappingsFor(city: keyof typeof TABLES, nodes: readonly NodeLike[]): ClassMappingRecord[] {
  // The scripts build their nodes loosely typed; what is read here is checked here.
  const byKey = new Map(nodes.map((n) => [String(n.key), n.provenance as { document: string; line?: number }]));
  const out: ClassMappingRecord[] = [];
  for (const scheme of ['purpose', 'sdg'] as const) {
    for (const [key, [classes, note, uncertain]] of Object.entries(TABLES[city][scheme])) {
      const node = byKey.get(key);
      if (!node?.document) throw new Error(`${city}: no policy node ${key} for its ${scheme} mapping`);
      out.push({
        policyNode: key,
        scheme,
        classes,
        provenance: {
          document: node.document,
          ...(node.line ? { line: node.line } : {}),
          note: `${scheme === 'purpose' ? PURPOSE_NOTE : SDG_NOTE}：${note}`,
          ...(uncertain ? { uncertain: true } : {}),
        },
      });
    }
  }
  return out;
}

/** The cities' attributes (see the module comment). */
export const CITY_ATTRIBUTES: Record<keyof typeof TABLES, CityAttributes> = {
  isesaki: {
    population: 210693,
    populationAsOf: '2025-01-01',
    areaKm2: 139.44,
    areaAsOf: '2023-05-08',
    category: 'special_case_city',
    source:
      '人口：ウィキペディア「伊勢崎市」（推計人口、2025年1月1日）。面積：伊勢崎市ウェブサイト「プロフィール」（国土地理院 市町村別面積、2023年5月8日更新）。区分：同ウィキペディア（施行時特例市、2007年4月1日に特例市へ移行）',
    note: '出典文書（第2次総合計画の成果・課題一覧）には市の人口・面積の記載がなく、市の文書では確認できない。人口は二次資料の推計人口で、統計の原典では確認していない。類似団体の区分は未確認',
    uncertain: true,
  },
  tokorozawa: {
    population: 341870,
    populationAsOf: '2023-12-01',
    source: '人口：埼玉県市町村別人口の一覧を引用したウェブ記事（2023年12月のデータ）',
    note: '出典文書（平成30年度 政策評価表）には市の人口・面積の記載がなく、市の文書では確認できない。人口は二次資料で原典未確認。基準日は「2023年12月」とのみ記載があり1日とした。面積・都市の区分・類似団体は確認できる資料がなく未設定',
    uncertain: true,
  },
  katori: {
    population: 74382,
    populationAsOf: '2018-10-01',
    areaKm2: 262.35,
    areaAsOf: '2018-10-01',
    category: 'city',
    source: 'ウィキペディア「香取市」（推計人口、2018年10月1日。面積は同ページの記載）',
    note: '出典文書（後期基本計画 大綱6）には市の人口・面積の記載がなく、市の文書では確認できない。人口・面積は二次資料で原典未確認。面積の基準日は記載がなく人口と同じ日とした。人口20万人未満のため中核市・施行時特例市ではなく一般市とした。類似団体の区分は未確認',
    uncertain: true,
  },
  ayase: {
    population: 83709,
    populationAsOf: '2021-06-01',
    areaKm2: 22.28,
    areaAsOf: '2021-06-01',
    category: 'city',
    source: '綾瀬市についての英語版ウィキペディア記事の翻訳ページ（推計人口、2021年6月1日。面積は同ページの記載）',
    note: '出典文書（総合計画進行管理シート、令和5年度 部局運営方針）には市の人口・面積の記載がなく、市の文書では確認できない。人口・面積は二次資料で原典未確認。面積の基準日は記載がなく人口と同じ日とした。人口20万人未満のため一般市とした。類似団体の区分は未確認',
    uncertain: true,
  },
};
