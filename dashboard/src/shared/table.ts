/** Table models shared by the 表 view of every chart and the CSV export. */
import type { RouteLocationRaw } from 'vue-router';
import { formatNumber } from './format';
import type { Cell } from './csv';
import type { Provenance } from './graphql/types';

export interface RichCell {
  text: string;
  /** The value written to CSV (defaults to text). */
  csv?: Cell;
  to?: RouteLocationRaw;
  numeric?: boolean;
  /** Where the number was printed: the cell opens the source viewer at that line. */
  source?: Provenance | null;
}
export type TableCell = Cell | RichCell;

export interface TableModel {
  header: string[];
  rows: TableCell[][];
}

export function cellText(c: TableCell): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'number') return formatNumber(c);
  if (typeof c === 'string') return c;
  return c.text;
}

export function cellCsv(c: TableCell): Cell {
  if (c === null || c === undefined || typeof c !== 'object') return c;
  return c.csv !== undefined ? c.csv : c.text;
}
