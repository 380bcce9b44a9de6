import { MantineProvider } from '@mantine/core';
import { cleanup, render } from '@testing-library/react';
import { afterEach } from 'vitest';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { i18next } from '../../../lib/i18n';
import '../../../lib/messages';
import '../messages';

afterEach(cleanup);

// Mantine reads media queries; jsdom has none.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

/** Renders a component of this feature in the app's providers, in the language given. */
export async function renderIn(language: 'vi' | 'en', ui: ReactElement) {
  await i18next.changeLanguage(language);
  return render(
    <I18nextProvider i18n={i18next}>
      <MantineProvider>{ui}</MantineProvider>
    </I18nextProvider>,
  );
}
