/**
 * Writing a city's mappings onto the shared taxonomy (`policy_node_class`): by the importer (a
 * dataset's `classMappings`) and by an administrator's edit. A record states a node's classes in
 * one scheme: those rows become exactly the record's; the node's other scheme and other nodes'
 * mappings are left alone.
 */
import type { Knex } from '@mikro-orm/postgresql';
import type { Dataset, Provenance } from '../dataset/format.js';
import { canonical, insertRows, sql, type Row, type TableCounts } from '../dataset/upsert.js';

const COLUMNS = ['source_document_id', 'source_line', 'source_line_end', 'source_page', 'source_note', 'uncertain'];

/** One node's classes in one scheme, resolved to ids, with the provenance columns. */
export interface MappingRows {
  nodeId: number;
  scheme: string;
  classIds: number[];
  provenance: Row;
}

/** Class ids by `scheme|code`. */
export async function classIdsByCode(trx: Knex.Transaction): Promise<Map<string, number>> {
  const rows = (await sql(trx, 'select id, scheme, code from taxonomy_class')).rows;
  return new Map(rows.map((r) => [`${r.scheme}|${r.code}`, Number(r.id)]));
}

/**
 * Makes each (node, scheme)'s rows exactly the given classes (an empty list removes the mapping,
 * so the node inherits its ancestor's again). Counts per (node, scheme).
 */
export async function replaceMappings(trx: Knex.Transaction, municipalityId: number, newCity: boolean, records: MappingRows[]): Promise<TableCounts> {
  const counts: TableCounts = { added: 0, changed: 0, unchanged: 0 };
  if (!records.length) return counts;
  const existing = newCity
    ? []
    : (
        // sql-safe: COLUMNS is the fixed list of provenance column names above
        await sql(trx, `select policy_node_id, scheme, class_id, ${COLUMNS.join(', ')} from policy_node_class where municipality_id = ? and policy_node_id = any(?)`, [
          municipalityId,
          [...new Set(records.map((r) => r.nodeId))],
        ])
      ).rows;
  const have = new Map<string, string[]>();
  for (const r of existing) {
    const k = `${r.policy_node_id}|${r.scheme}`;
    have.set(k, [...(have.get(k) ?? []), canonical([r.class_id, ...COLUMNS.map((c) => r[c] ?? null)])]);
  }
  const inserts: Row[] = [];
  for (const rec of records) {
    const k = `${rec.nodeId}|${rec.scheme}`;
    const wanted = rec.classIds.map((id) => canonical([id, ...COLUMNS.map((c) => rec.provenance[c] ?? null)]));
    const current = have.get(k) ?? [];
    if ([...wanted].sort().join('\n') === [...current].sort().join('\n')) {
      counts.unchanged++;
      continue;
    }
    if (current.length) {
      await sql(trx, 'delete from policy_node_class where municipality_id = ? and policy_node_id = ? and scheme = ?', [municipalityId, rec.nodeId, rec.scheme]);
      counts.changed++;
    } else counts.added++;
    for (const id of rec.classIds) inserts.push({ municipality_id: municipalityId, policy_node_id: rec.nodeId, scheme: rec.scheme, class_id: id, ...rec.provenance });
  }
  await insertRows(trx, 'policy_node_class', ['municipality_id', 'policy_node_id', 'scheme', 'class_id', ...COLUMNS], inserts);
  return counts;
}

/**
 * The importer's step: the file's `classMappings`, their nodes found in this file or already in
 * the city (a mapping-only file). Returns the keys of nodes found in neither (nothing written).
 */
export async function writeClassMappings(
  trx: Knex.Transaction,
  municipalityId: number,
  newCity: boolean,
  d: Dataset,
  nodeIds: Map<string, number>,
  prov: (p: Provenance | undefined) => Row,
): Promise<{ counts: TableCounts; missing: string[] }> {
  if (!d.classMappings.length) return { counts: { added: 0, changed: 0, unchanged: 0 }, missing: [] };
  const ids = new Map(nodeIds);
  const unknown = [...new Set(d.classMappings.map((c) => c.policyNode).filter((k) => !ids.has(k)))];
  if (unknown.length && !newCity) {
    const found = await sql(trx, 'select key, id from policy_node where municipality_id = ? and key = any(?)', [municipalityId, unknown]);
    for (const r of found.rows) ids.set(String(r.key), Number(r.id));
  }
  const missing = unknown.filter((k) => !ids.has(k));
  if (missing.length) return { counts: { added: 0, changed: 0, unchanged: 0 }, missing };
  const classes = await classIdsByCode(trx);
  const records = d.classMappings.map((c) => ({
    nodeId: ids.get(c.policyNode)!,
    scheme: c.scheme,
    // Validation checked every code against the same list the migration wrote.
    classIds: c.classes.map((code) => classes.get(`${c.scheme}|${code}`)!),
    provenance: prov(c.provenance),
  }));
  return { counts: await replaceMappings(trx, municipalityId, newCity, records), missing: [] };
}
