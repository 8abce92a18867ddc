/** WCAG 2.1 contrast helpers: pick black or white text for a rating colour. */
function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return 1;
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => channel(parseInt(x!, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** '#000000' or '#ffffff', whichever contrasts more with the background. */
export function textOn(background: string): string {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** Fallback colours by level position (best first) when a scale has none. */
const FALLBACK = ['#1b5e20', '#1565c0', '#f9a825', '#c62828', '#6a1b9a', '#455a64'];
export function levelColor(color: string | null | undefined, index: number): string {
  return color && /^#[0-9a-f]{6}$/i.test(color) ? color : FALLBACK[index % FALLBACK.length]!;
}
