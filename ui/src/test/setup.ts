import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { clearMocks } from '@tauri-apps/api/mocks';

// jsdom has no layout: the virtualised table sizes itself from its initial rect.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;

afterEach(() => {
  cleanup();
  clearMocks();
});

// …and measures its scroll element (clientWidth/clientHeight) and rows
// (offsetHeight), which jsdom leaves at 0: give elements a screen-sized box.
for (const [prop, value] of [
  ['clientHeight', 600],
  ['clientWidth', 1000],
  ['offsetHeight', 36],
  ['offsetWidth', 1000],
] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
}
