import { createI18n } from 'vue-i18n';
import ja from './ja';
import en from './en';

export type Locale = 'ja' | 'en';
const STORED = 'seisaku.locale';

function initialLocale(): Locale {
  try {
    return localStorage.getItem(STORED) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'ja',
  messages: { ja, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORED, locale);
  } catch {
    /* private mode */
  }
}
