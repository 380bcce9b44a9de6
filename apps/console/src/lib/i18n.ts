import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A feature's strings: the same keys in Vietnamese (the default) and English. */
export interface Catalogue {
  vi: Record<string, string>;
  en: Record<string, string>;
}

const catalogues = new Map<string, Catalogue>();

/**
 * Registers a feature's catalogue under its own namespace (features keep their strings beside
 * their code; `useTranslation('<feature>')` reads them).
 */
export function registerCatalogue(namespace: string, catalogue: Catalogue): void {
  catalogues.set(namespace, catalogue);
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, catalogue[language], true, true);
}

/** Every registered catalogue: the catalogue test checks both languages have the same keys. */
export function registeredCatalogues(): ReadonlyMap<string, Catalogue> {
  return catalogues;
}

void i18next.use(initReactI18next).init({
  lng: 'vi',
  fallbackLng: 'vi',
  supportedLngs: [...LANGUAGES],
  defaultNS: 'common',
  ns: ['common'],
  resources: {},
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export { i18next };
