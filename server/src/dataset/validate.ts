/**
 * Validation of a dataset before anything is written: the schema (format.ts) and then every
 * rule that crosses records (unique keys, parent links, scale levels, years inside the plan).
 * Every problem is reported with where it is and a message in Japanese and English.
 */
import { isTaxonomyClass } from '../comparison/taxonomy-classes.js';
import { ZodError } from 'zod';
import { dataset as datasetSchema, type Dataset } from './format.js';
import { checkProjectCosts, checkProjectShares } from '../cost/validate-costs.js';
import { isRealPrefecture, municipalityCheckDigit } from '../shared/municipality-code.js';
import { MAX_JSON_DEPTH } from '../graphql/limits.js';

/** Where a problem is: a JSON path, and for workbooks the sheet, row and column. */
export interface ProblemLocation {
  file?: string;
  /** JSON path such as `indicators[3].values[0].value`. */
  path: string;
  sheet?: string;
  row?: number;
  column?: string;
}

export interface Problem extends ProblemLocation {
  ja: string;
  en: string;
}

export type ValidationResult = { ok: true; dataset: Dataset; problems: [] } | { ok: false; problems: Problem[] };

/** Maps a JSON path to a workbook cell; identity for JSON files. */
export type Locator = (path: (string | number)[]) => Omit<ProblemLocation, 'path' | 'file'>;

const pathText = (path: (string | number)[]) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

/** What a 全国地方公共団体コード is, said in every problem about one. */
const CODE_EXPECTED = {
  ja: '6桁の数字（全国地方公共団体コード：都道府県2桁・市区町村3桁・検査数字1桁。例 伊勢崎市は102041）',
  en: '6 digits (全国地方公共団体コード, the national local-government code: prefecture 2, city 3, check digit 1; e.g. 102041 for Isesaki)',
};

/**
 * What is wrong with a municipality code as found in a file (any JSON value), saying what is
 * expected and what was found; null when it is a code with the right check digit.
 */
function municipalityCodeFault(found: unknown): { ja: string; en: string } | null {
  if (found === undefined || found === null || found === '')
    return { ja: `自治体コードがありません。${CODE_EXPECTED.ja}を書いてください`, en: `the municipality code is missing: expected ${CODE_EXPECTED.en}` };
  const text = typeof found === 'string' ? found : JSON.stringify(found);
  if (typeof found !== 'string' || !/^\d{6}$/.test(found)) {
    const kind = typeof found === 'string' ? '' : '（文字列ではなく数値などとして書かれています。"102041" のように引用符で囲んでください）';
    return {
      ja: `自治体コードは${CODE_EXPECTED.ja}です。書かれていたのは「${text}」です${kind}`,
      en: `the municipality code must be ${CODE_EXPECTED.en}; found ${typeof found === 'string' ? `"${text}"` : `${text} (not a string: quote it, "102041")`}`,
    };
  }
  const digit = municipalityCheckDigit(found.slice(0, 5));
  if (digit === Number(found[5])) return null;
  return {
    ja: `自治体コード「${found}」の検査数字（6桁目）が合いません。${found.slice(0, 5)} に続く検査数字は ${digit} です（自治体コードは${CODE_EXPECTED.ja}）`,
    en: `municipality code "${found}" has a wrong check digit: after ${found.slice(0, 5)} it is ${digit} (expected ${CODE_EXPECTED.en})`,
  };
}

/** The value at a JSON path of the raw input, if there is one. */
function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v = raw;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function zodProblems(err: ZodError, raw: unknown, locate: Locator): Problem[] {
  return err.issues.map((issue) => {
    const where = pathText(issue.path);
    if (where === 'municipality.code') {
      // The one code every file carries: what it must be and what was found, in words (not the schema's).
      const fault = municipalityCodeFault(valueAt(raw, issue.path));
      if (fault) return { path: where, ...locate(issue.path), ja: fault.ja, en: `${where}: ${fault.en}` };
    }
    const en = issue.message;
    let ja: string;
    switch (issue.code) {
      case 'invalid_type':
        ja =
          issue.received === 'undefined'
            ? `必須項目 ${where || '(ルート)'} がありません`
            : `${where} の型が違います（期待: ${issue.expected}、実際: ${issue.received}）`;
        break;
      case 'unrecognized_keys':
        ja = `未知の項目があります: ${issue.keys.join(', ')}`;
        break;
      case 'invalid_enum_value':
        ja = `${where} の値が選択肢にありません（選択肢: ${issue.options.join(', ')}）`;
        break;
      case 'too_small':
        ja = `${where} が小さすぎるか短すぎます（最小: ${String(issue.minimum)}）`;
        break;
      case 'too_big':
        ja = `${where} が大きすぎるか長すぎます（最大: ${String(issue.maximum)}）`;
        break;
      case 'invalid_string':
        ja = `${where} の書式が正しくありません`;
        break;
      case 'invalid_literal':
        ja = `${where} は ${JSON.stringify(issue.expected)} でなければなりません`;
        break;
      case 'invalid_union':
      case 'invalid_union_discriminator':
        ja = `${where} の形式がどの候補にも合いません`;
        break;
      default:
        ja = `${where}: ${issue.message}`;
    }
    return { path: where, ...locate(issue.path), ja, en: `${where || '(root)'}: ${en}` };
  });
}

/**
 * Validates raw parsed input (from JSON or a workbook). Returns the typed dataset, or every
 * problem found; never throws for bad data.
 */
export function validateDataset(raw: unknown, locate: Locator = () => ({})): ValidationResult {
  // PostgreSQL text cannot hold NUL: find it before anything else, with where it is.
  const found = findNulOrDepth(raw);
  if (found) {
    const where = pathText(found.path);
    const problem =
      found.kind === 'nul'
        ? { ja: `${where} に使えない文字（NUL, U+0000）があります`, en: `${where}: contains the NUL character (U+0000), which cannot be stored` }
        : { ja: `${where} の入れ子が深すぎます（上限 ${MAX_JSON_DEPTH}）`, en: `${where}: nested too deeply (limit ${MAX_JSON_DEPTH})` };
    return { ok: false, problems: [{ path: where, ...locate(found.path), ...problem }] };
  }
  const parsed = datasetSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, raw, locate) };
  const problems = crossRecordProblems(parsed.data, locate);
  return problems.length ? { ok: false, problems } : { ok: true, dataset: parsed.data, problems: [] };
}

function crossRecordProblems(d: Dataset, locate: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (path: (string | number)[], ja: string, en: string) =>
    problems.push({ path: pathText(path), ...locate(path), ja, en: `${pathText(path)}: ${en}` });

  const codeFault = municipalityCodeFault(d.municipality.code);
  if (codeFault) {
    add(['municipality', 'code'], codeFault.ja, codeFault.en);
  } else if (!d.municipality.generated && !isRealPrefecture(d.municipality.code)) {
    add(['municipality', 'code'], `自治体コード ${d.municipality.code} の都道府県番号 ${d.municipality.code.slice(0, 2)} は存在しません（生成データなら generated: true）`, `municipality code ${d.municipality.code}: prefecture ${d.municipality.code.slice(0, 2)} does not exist (set generated: true for generated data)`);
  }

  /** Indexes a collection by key, reporting duplicates. */
  function index<T extends { key: string }>(name: string, label: string, records: T[]): Map<string, T> {
    const map = new Map<string, T>();
    records.forEach((r, i) => {
      if (map.has(r.key)) add([name, i, 'key'], `${label}のキー "${r.key}" が重複しています`, `duplicate ${name} key "${r.key}"`);
      else map.set(r.key, r);
    });
    return map;
  }
  const documents = index('documents', '文書', d.documents);
  const plans = index('plans', '計画', d.plans);
  const departments = index('departments', '組織', d.departments);
  const scales = index('ratingScales', '評価尺度', d.ratingScales);
  const nodes = index('policyNodes', '施策体系', d.policyNodes);
  const projects = index('projects', '事業', d.projects);
  const indicators = index('indicators', '指標', d.indicators);
  index('departmentPolicies', '部局運営方針', d.departmentPolicies);
  index('surveyResults', '市民意識調査', d.surveyResults);

  d.documents.forEach((doc, i) => {
    doc.pages?.forEach((p, j) => {
      const prev = doc.pages![j - 1];
      if (prev && p.line <= prev.line)
        add(['documents', i, 'pages', j, 'line'], `ページの開始行 ${p.line} が前のページの開始行 ${prev.line} より後になっていません`, `page start line ${p.line} does not come after the previous page's (${prev.line})`);
      if (prev && p.number <= prev.number)
        add(['documents', i, 'pages', j, 'number'], `ページ番号 ${p.number} が前のページ番号 ${prev.number} より大きくありません`, `page number ${p.number} is not above the previous page's (${prev.number})`);
    });
  });

  const ref = (path: (string | number)[], map: Map<string, unknown>, value: string | undefined, ja: string, en: string) => {
    if (value !== undefined && !map.has(value)) add(path, `${ja} "${value}" が見つかりません`, `${en} "${value}" not found`);
  };
  const checkProvenance = (path: (string | number)[], p: { document: string; line?: number; lineEnd?: number } | undefined) => {
    if (!p) return;
    ref([...path, 'document'], documents, p.document, '出典文書', 'source document');
    if (p.line !== undefined && p.lineEnd !== undefined && p.lineEnd < p.line)
      add([...path, 'lineEnd'], '出典の終了行が開始行より前です', 'provenance lineEnd is before line');
  };

  d.plans.forEach((p, i) => {
    checkProvenance(['plans', i, 'provenance'], p.provenance);
    ref(['plans', i, 'parent'], plans, p.parent, '親計画', 'parent plan');
    if (p.endYear < p.startYear) add(['plans', i, 'endYear'], `計画期間の終了年度 ${p.endYear} が開始年度 ${p.startYear} より前です`, `plan ends (${p.endYear}) before it starts (${p.startYear})`);
  });
  checkCycles('plans', d.plans, (r) => r.parent, add, '計画');

  d.departments.forEach((r, i) => {
    checkProvenance(['departments', i, 'provenance'], r.provenance);
    ref(['departments', i, 'parent'], departments, r.parent, '親組織', 'parent department');
  });
  checkCycles('departments', d.departments, (r) => r.parent, add, '組織');

  d.ratingScales.forEach((s, i) => {
    checkProvenance(['ratingScales', i, 'provenance'], s.provenance);
    const codes = new Set<string>();
    s.levels.forEach((l, j) => {
      if (codes.has(l.code)) add(['ratingScales', i, 'levels', j, 'code'], `評価尺度 ${s.key} の段階 "${l.code}" が重複しています`, `duplicate level "${l.code}" on scale ${s.key}`);
      codes.add(l.code);
    });
    const rule = s.rule;
    if (!rule) return;
    const outLevels =
      rule.kind === 'achievementBands'
        ? [...rule.bands.map((b) => b.level), ...(rule.unmeasuredLevel !== undefined ? [rule.unmeasuredLevel] : [])]
        : [...rule.thresholds.map((t) => t.level), rule.otherwise];
    outLevels.forEach((lvl) => {
      if (!codes.has(lvl)) add(['ratingScales', i, 'rule'], `規則が尺度 ${s.key} にない段階 "${lvl}" を使っています`, `rule uses level "${lvl}" not on scale ${s.key}`);
    });
    if (rule.kind === 'meanScore') {
      const input = scales.get(rule.inputScale);
      const excluded = new Set(rule.excludedLevels ?? []);
      if (!input) add(['ratingScales', i, 'rule', 'inputScale'], `規則の入力尺度 "${rule.inputScale}" が見つかりません`, `rule input scale "${rule.inputScale}" not found`);
      else {
        // A level without a score can only be one the city leaves out of the mean.
        const unscored = input.levels.filter((l) => l.score === null && !excluded.has(l.code)).map((l) => l.code);
        if (unscored.length)
          add(['ratingScales', i, 'rule', 'inputScale'], `入力尺度 "${rule.inputScale}" に点数のない段階（${unscored.join('、')}）があります（平均から除く段階なら excludedLevels に挙げる）`, `input scale "${rule.inputScale}" has levels without a score (${unscored.join(', ')}); list levels left out of the mean in excludedLevels`);
        for (const code of excluded)
          if (!input.levels.some((l) => l.code === code))
            add(['ratingScales', i, 'rule', 'excludedLevels'], `平均から除く段階 "${code}" が入力尺度 ${rule.inputScale} にありません`, `excluded level "${code}" is not on input scale ${rule.inputScale}`);
      }
    }
  });

  const planOf = new Map<string, string>();
  d.policyNodes.forEach((n, i) => {
    const at = ['policyNodes', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], n.provenance);
    const plan = plans.get(n.plan);
    if (!plan) add([...at, 'plan'], `計画 "${n.plan}" が見つかりません`, `plan "${n.plan}" not found`);
    else if (n.depth > plan.levels.length)
      add([...at, 'depth'], `階層 ${n.depth} は計画 ${plan.key} の階層数 ${plan.levels.length} を超えています`, `depth ${n.depth} exceeds plan ${plan.key}'s ${plan.levels.length} levels`);
    planOf.set(n.key, n.plan);
    if (n.parent !== undefined) {
      const parent = nodes.get(n.parent);
      if (!parent) add([...at, 'parent'], `親の施策 "${n.parent}" が見つかりません`, `parent policy node "${n.parent}" not found`);
      else {
        if (parent.plan !== n.plan) add([...at, 'parent'], `親の施策 "${n.parent}" は別の計画に属しています`, `parent "${n.parent}" belongs to another plan`);
        if (parent.depth !== n.depth - 1) add([...at, 'depth'], `階層 ${n.depth} が親の階層 ${parent.depth} の次になっていません`, `depth ${n.depth} does not follow parent's depth ${parent.depth}`);
      }
    } else if (n.depth !== 1) add([...at, 'parent'], `階層 ${n.depth} の施策に親がありません`, `node at depth ${n.depth} has no parent`);
    ref([...at, 'leadDepartment'], departments, n.leadDepartment, '主管課', 'lead department');
    n.relatedDepartments.forEach((k, j) => ref([...at, 'relatedDepartments', j], departments, k, '関係課', 'related department'));
  });
  checkCycles('policyNodes', d.policyNodes, (r) => r.parent, add, '施策体系');

  const planYears = (planKey: string | undefined) => (planKey ? plans.get(planKey) : undefined);
  const subjectPlan = (s: { policyNode?: string; indicator?: string; project?: string }): string | undefined => {
    if (s.policyNode) return planOf.get(s.policyNode);
    if (s.project) {
      const p = projects.get(s.project);
      return p?.policyNode ? planOf.get(p.policyNode) : undefined;
    }
    if (s.indicator) {
      const ind = indicators.get(s.indicator);
      return ind ? subjectPlan({ policyNode: ind.policyNode, project: ind.project }) : undefined;
    }
    return undefined;
  };

  d.projects.forEach((p, i) => {
    const at = ['projects', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], p.provenance);
    ref([...at, 'policyNode'], nodes, p.policyNode, '施策', 'policy node');
    ref([...at, 'department'], departments, p.department, '担当課', 'department');
    ref([...at, 'outcomeIndicator'], indicators, p.outcomeIndicator, '成果指標', 'outcome indicator');
    const seen = new Set<string>();
    p.amounts.forEach((a, j) => {
      const k = `${a.fiscalYear}/${a.kind}`;
      if (seen.has(k)) add([...at, 'amounts', j], `${a.fiscalYear}年度の${a.kind === 'settled' ? '決算額' : '予算額'}が重複しています`, `duplicate ${a.kind} amount for FY${a.fiscalYear}`);
      seen.add(k);
      checkProvenance([...at, 'amounts', j, 'provenance'], a.provenance);
    });
    checkProjectCosts(p, at, add, checkProvenance);
    checkProjectShares(p, at, nodes, add, checkProvenance);
  });

  d.indicators.forEach((ind, i) => {
    const at = ['indicators', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], ind.provenance);
    ref([...at, 'policyNode'], nodes, ind.policyNode, '施策', 'policy node');
    ref([...at, 'project'], projects, ind.project, '事業', 'project');
    const plan = planYears(subjectPlan({ policyNode: ind.policyNode, project: ind.project }));
    const seen = new Set<string>();
    ind.values.forEach((v, j) => {
      const k = `${v.fiscalYear}/${v.kind}`;
      if (seen.has(k)) add([...at, 'values', j], `指標 ${ind.key} の ${v.fiscalYear}年度の${v.kind}値が重複しています`, `duplicate ${v.kind} value for FY${v.fiscalYear} on indicator ${ind.key}`);
      seen.add(k);
      checkProvenance([...at, 'values', j, 'provenance'], v.provenance);
      if (v.spanFrom !== undefined && v.spanTo !== undefined && v.spanTo < v.spanFrom)
        add([...at, 'values', j, 'spanTo'], '累計期間の終わりが始まりより前です', 'cumulative span ends before it starts');
      // Baselines may predate the plan (策定時の現状値); targets and actuals fall inside it.
      if (plan && v.kind !== 'baseline' && (v.fiscalYear < plan.startYear || v.fiscalYear > plan.endYear))
        add([...at, 'values', j, 'fiscalYear'], `${v.fiscalYear}年度は計画 ${plan.key} の期間 ${plan.startYear}〜${plan.endYear}年度の外です`, `FY${v.fiscalYear} is outside plan ${plan.key} (${plan.startYear}-${plan.endYear})`);
      if (plan && v.kind === 'baseline' && v.fiscalYear > plan.endYear)
        add([...at, 'values', j, 'fiscalYear'], `基準値の年度 ${v.fiscalYear} が計画の終了年度 ${plan.endYear} より後です`, `baseline FY${v.fiscalYear} is after the plan ends (${plan.endYear})`);
    });
  });

  const evalKeys = new Set<string>();
  d.evaluations.forEach((e, i) => {
    const at = ['evaluations', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], e.provenance);
    const s = e.subject as { policyNode?: string; indicator?: string; project?: string };
    ref([...at, 'subject', 'policyNode'], nodes, s.policyNode, '施策', 'policy node');
    ref([...at, 'subject', 'indicator'], indicators, s.indicator, '指標', 'indicator');
    ref([...at, 'subject', 'project'], projects, s.project, '事業', 'project');
    const scale = e.scale === undefined ? undefined : scales.get(e.scale);
    if (e.scale === undefined) {
      if (e.level !== null) add([...at, 'scale'], `評価 "${e.level}" に評価尺度がありません`, `rating "${e.level}" has no scale`);
    } else if (!scale) add([...at, 'scale'], `評価尺度 "${e.scale}" が見つかりません`, `rating scale "${e.scale}" not found`);
    else {
      const kind = s.policyNode ? 'policy_node' : s.indicator ? 'indicator' : 'project';
      if (scale.subjectKind !== kind) add([...at, 'scale'], `評価尺度 "${e.scale}" は ${kind} の評価に使えません`, `scale "${e.scale}" is not for ${kind} subjects`);
      if (e.level !== null && !scale.levels.some((l) => l.code === e.level))
        add([...at, 'level'], `評価 "${e.level}" は尺度 ${scale.key}（${scale.levels.map((l) => l.code).join('/')}）にありません`, `rating "${e.level}" is not on scale ${scale.key} (${scale.levels.map((l) => l.code).join('/')})`);
    }
    const plan = planYears(subjectPlan(s));
    if (plan && (e.fiscalYear < plan.startYear || e.fiscalYear > plan.endYear))
      add([...at, 'fiscalYear'], `${e.fiscalYear}年度は計画 ${plan.key} の期間 ${plan.startYear}〜${plan.endYear}年度の外です`, `FY${e.fiscalYear} is outside plan ${plan.key} (${plan.startYear}-${plan.endYear})`);
    const k = `${s.policyNode ?? ''}|${s.indicator ?? ''}|${s.project ?? ''}|${e.fiscalYear}|${e.stage}|${e.scale ?? ''}`;
    if (evalKeys.has(k)) add(at, `同じ対象・年度・段階・尺度の評価が重複しています`, `duplicate evaluation for the same subject, year, stage and scale`);
    evalKeys.add(k);
  });

  d.departmentPolicies.forEach((p, i) => {
    checkProvenance(['departmentPolicies', i, 'provenance'], p.provenance);
    ref(['departmentPolicies', i, 'department'], departments, p.department, '部局', 'department');
  });

  d.surveyResults.forEach((r, i) => {
    const at = ['surveyResults', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], r.provenance);
    ref([...at, 'policyNode'], nodes, r.policyNode, '施策', 'policy node');
    if (r.rank !== undefined && r.rankOf !== undefined && r.rank > r.rankOf)
      add([...at, 'rank'], `順位 ${r.rank} が全体の数 ${r.rankOf} を超えています`, `rank ${r.rank} exceeds the number ranked (${r.rankOf})`);
    if (r.count !== undefined && r.respondents !== undefined && r.count > r.respondents)
      add([...at, 'count'], `人数 ${r.count} が回答者数 ${r.respondents} を超えています`, `count ${r.count} exceeds the respondents (${r.respondents})`);
  });

  const goalKeys = new Set<string>();
  d.yearlyGoals.forEach((g, i) => {
    const at = ['yearlyGoals', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], g.provenance);
    ref([...at, 'policyNode'], nodes, g.policyNode, '施策', 'policy node');
    const k = `${g.policyNode}|${g.fiscalYear}`;
    if (goalKeys.has(k)) add(at, `施策 ${g.policyNode} の${g.fiscalYear}年度の目標が重複しています`, `duplicate goal for policy node ${g.policyNode} in FY${g.fiscalYear}`);
    goalKeys.add(k);
  });

  // Mappings onto the shared taxonomy: known classes, one record per node and scheme. A node not
  // in this file is looked up by the importer (a mapping-only file for a city already imported).
  const mappingKeys = new Set<string>();
  d.classMappings.forEach((c, i) => {
    const at = ['classMappings', i] as (string | number)[];
    checkProvenance([...at, 'provenance'], c.provenance);
    const schemeJa = c.scheme === 'sdg' ? 'SDGs' : '目的別歳出';
    c.classes.forEach((code, j) => {
      if (!isTaxonomyClass(c.scheme, code))
        add([...at, 'classes', j], `${schemeJa}に分類「${code}」はありません`, `"${code}" is not a class of ${c.scheme}`);
      if (c.classes.indexOf(code) !== j) add([...at, 'classes', j], `分類「${code}」が重複しています`, `class "${code}" is listed twice`);
    });
    const k = `${c.policyNode}|${c.scheme}`;
    if (mappingKeys.has(k))
      add(at, `施策 ${c.policyNode} の${schemeJa}の分類が重複しています（1件にまとめてください）`, `duplicate ${c.scheme} mapping for policy node ${c.policyNode} (give one record with several classes)`);
    mappingKeys.add(k);
  });
  const attrs = d.municipality.attributes;
  if (attrs?.population !== undefined && !attrs.populationAsOf)
    add(['municipality', 'attributes', 'populationAsOf'], '人口には基準日が必要です', 'population needs its reference date (populationAsOf)');
  if (attrs?.areaKm2 !== undefined && !attrs.areaAsOf)
    add(['municipality', 'attributes', 'areaAsOf'], '面積には基準日が必要です', 'area needs its reference date (areaAsOf)');
  return problems;
}

/** Reports records whose parent chain loops back on itself. */
function checkCycles<T extends { key: string }>(
  name: string,
  records: T[],
  parentOf: (r: T) => string | undefined,
  add: (path: (string | number)[], ja: string, en: string) => void,
  label: string,
) {
  const byKey = new Map(records.map((r) => [r.key, r]));
  records.forEach((r, i) => {
    const seen = new Set<string>([r.key]);
    let cur = parentOf(r);
    while (cur !== undefined) {
      if (seen.has(cur)) {
        add([name, i, 'parent'], `${label} "${r.key}" の親をたどると循環しています`, `${name} "${r.key}" has a parent cycle`);
        return;
      }
      seen.add(cur);
      const next = byKey.get(cur);
      cur = next ? parentOf(next) : undefined;
    }
  });
}

/**
 * The first string (value or key) with a NUL, or the first place nested deeper than
 * MAX_JSON_DEPTH (the validator's own walks recurse: a deeper value would overflow the stack).
 * Walks without recursion.
 */
function findNulOrDepth(root: unknown): { path: (string | number)[]; kind: 'nul' | 'depth' } | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { path, kind: 'nul' };
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) return { path, kind: 'depth' };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    // Pushed in reverse, so the first place in document order is found first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i]!;
      if (typeof k === 'string' && k.includes('\u0000')) return { path: [...path, k], kind: 'nul' };
      stack.push({ v: x, path: [...path, k] });
    }
  }
  return null;
}

/** One line per problem, for the CLI and logs. */
export function formatProblem(p: Problem): string {
  const where = [p.file, p.sheet ? `sheet ${p.sheet}` : p.path, p.row !== undefined && `row ${p.row}`, p.column && `column ${p.column}`]
    .filter(Boolean)
    .join(', ');
  return `${where ? `${where}: ` : ''}${p.ja} / ${p.en}`;
}
