/** CSV export: UTF-8 with a BOM so that Excel on Japanese Windows opens it correctly. */
export type Cell = string | number | null | undefined;

function quote(c: Cell): string {
  const s = c === null || c === undefined ? '' : String(c);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(name: string, header: string[], rows: Cell[][]): void {
  downloadBlob(name.endsWith('.csv') ? name : `${name}.csv`, new Blob([toCsv(header, rows)], { type: 'text/csv;charset=utf-8' }));
}
