import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// The suite runs beside the integration tests on a busy machine: `findBy…` and `waitFor` wait on
// what the screen shows, for up to 10 s rather than Testing Library's default 1 s. They return as
// soon as the condition holds, so a quiet machine is not slowed down.
configure({ asyncUtilTimeout: 10_000 });

// Without vitest globals Testing Library cannot clean up by itself: unmount after every test.
afterEach(() => cleanup());

// jsdom lacks what Mantine asks the browser for (colour scheme, sizes): minimal stand-ins.
if (typeof window !== 'undefined') {
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView ??= () => undefined;
}
