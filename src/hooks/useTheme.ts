/**
 * Resolves the theme choice ('auto' follows the OS) and applies it to <html data-theme>, which the
 * stylesheet's variables key on. Returns the resolved theme for the painters' palettes.
 */
import { useEffect, useState } from 'react';
import type { ThemeName } from '../render/palette.ts';
import type { Theme } from '../store/url.ts';

const QUERY = '(prefers-color-scheme: dark)';

export function useTheme(choice: Theme): ThemeName {
  const [systemDark, setSystemDark] = useState(() => typeof matchMedia !== 'undefined' && matchMedia(QUERY).matches);
  useEffect(() => {
    if (typeof matchMedia === 'undefined') return;
    const mq = matchMedia(QUERY);
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  const theme: ThemeName = choice === 'auto' ? (systemDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}
