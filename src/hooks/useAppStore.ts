/**
 * The React binding of the vanilla store (zustand's `useStore` over a context, so tests and the
 * app each inject their own store: zustand's initialize-state-with-props pattern).
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from '../store/index.ts';
import type { AppState } from '../store/types.ts';

export const StoreContext = createContext<AppStore | null>(null);

export function useStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore needs a <StoreContext.Provider>');
  return store;
}

/** Select one value (or a stable object via useShallow) from the app store. */
export function useAppStore<T>(selector: (s: AppState) => T): T {
  return useStore(useStoreApi(), selector);
}
