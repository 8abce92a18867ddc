/**
 * A workbook (.xlsx, a ZIP archive) is checked before anything inflates it (issue 19, finding 7:
 * a 1.2 MB file that inflated to 1.2 GB took the server from 1 GB to 2.9 GB for 17 s). From the
 * archive's central directory: the number of entries (MAX_XLSX_ENTRIES) and the sizes they
 * declare, in total (MAX_XLSX_UNCOMPRESSED_BYTES). Declared sizes can lie, so each entry is then
 * inflated, on zlib's thread pool, with its declared size as the most it may produce: one that
 * produces more is refused, and what exceljs inflates afterwards (the same bytes) is bounded too.
 * The archive is never inflated beyond the limits, one entry at a time.
 */
import { inflateRaw } from 'node:zlib';
import { promisify } from 'node:util';
import { MAX_XLSX_ENTRIES, MAX_XLSX_UNCOMPRESSED_BYTES } from '../graphql/limits.js';

const inflateRawAsync = promisify(inflateRaw);
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export interface ZipProblem {
  ja: string;
  en: string;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const damaged = (what: string): ZipProblem => ({
  ja: `Excel ファイル（ZIP）の目次が壊れています（${what}）`,
  en: `cannot read the file as an Excel workbook (.xlsx): its ZIP directory is damaged (${what})`,
});

/** The problem that keeps `bytes` from being inflated, or null (also for a file that is no ZIP at all: the workbook reader says so). */
export async function zipProblem(bytes: Buffer): Promise<ZipProblem | null> {
  // The end-of-central-directory record: the last 22 bytes, or before a comment of up to 64 KB.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = bytes.readUInt16LE(eocd + 10);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff)
    return { ja: 'ZIP64 形式の Excel ファイルは取り込めません（取込の上限を超える大きさです）', en: 'ZIP64 Excel workbooks are not accepted (larger than imports allow)' };
  if (entries > MAX_XLSX_ENTRIES)
    return {
      ja: `Excel ファイルの中のファイル数 ${entries} が上限 ${MAX_XLSX_ENTRIES} を超えています`,
      en: `the Excel workbook holds ${entries} entries, over the limit ${MAX_XLSX_ENTRIES}`,
    };

  const list: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
  let total = 0;
  let p = directoryOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return damaged(`entry ${n + 1}`);
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString('utf8', p + 46, Math.min(p + 46 + nameLength, bytes.length));
    if (compressed === 0xffffffff || size === 0xffffffff)
      return { ja: 'ZIP64 形式の Excel ファイルは取り込めません（取込の上限を超える大きさです）', en: 'ZIP64 Excel workbooks are not accepted (larger than imports allow)' };
    total += size;
    if (total > MAX_XLSX_UNCOMPRESSED_BYTES)
      return {
        ja: `Excel ファイルを展開すると ${mb(total)} 以上になり、上限 ${mb(MAX_XLSX_UNCOMPRESSED_BYTES)} を超えます`,
        en: `the Excel workbook inflates to ${mb(total)} or more, over the limit ${mb(MAX_XLSX_UNCOMPRESSED_BYTES)}`,
      };
    list.push({ name, method, compressed, size, local: bytes.readUInt32LE(p + 42) });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }

  // Each entry inflated no further than it says it goes.
  for (const e of list) {
    if (e.local + 30 > bytes.length || bytes.readUInt32LE(e.local) !== LOCAL) return damaged(e.name);
    const start = e.local + 30 + bytes.readUInt16LE(e.local + 26) + bytes.readUInt16LE(e.local + 28);
    const data = bytes.subarray(start, start + e.compressed);
    if (e.method === 0) {
      if (e.compressed !== e.size) return damaged(e.name);
      continue;
    }
    if (e.method !== 8) return { ja: `Excel ファイルの中の ${e.name} は読めない圧縮方式です`, en: `${e.name} in the Excel workbook uses a compression method that cannot be read` };
    try {
      const out = await inflateRawAsync(data, { maxOutputLength: Math.max(1, e.size) });
      if (out.length > e.size) throw Object.assign(new Error('larger'), { code: 'ERR_BUFFER_TOO_LARGE' });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
        return {
          ja: `Excel ファイルの中の ${e.name} が、記載された大きさ（${e.size} バイト）を超えて展開されます。壊れているか、細工されたファイルです`,
          en: `${e.name} in the Excel workbook inflates beyond the size it declares (${e.size} bytes): the file is damaged or crafted`,
        };
      // Damaged data: the workbook reader says what it cannot read.
    }
  }
  return null;
}
