import { useCallback, useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
const KEY = 'lifeboat.theme';
const listeners = new Set<() => void>();

function current(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

/** Light or dark, saved per browser; index.html applies it before first paint. */
export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  // Without this every element with a colour transition fades at its own pace and the page flickers.
  const pause = document.createElement('style');
  pause.textContent = '*,*::before,*::after{transition:none!important}';
  document.head.appendChild(pause);
  document.documentElement.classList.toggle('dark', theme === 'dark');
  void getComputedStyle(document.body).color;
  requestAnimationFrame(() => pause.remove());
  for (const listener of listeners) listener();
}

export function useTheme(): [Theme, () => void] {
  const theme = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current,
    () => 'light' as Theme,
  );
  const toggle = useCallback(() => setTheme(theme === 'dark' ? 'light' : 'dark'), [theme]);
  return [theme, toggle];
}
