/** React glue: the Explore controller's current run (re-rendered at most once a frame while rows stream in). */
import { useSyncExternalStore } from 'react';
import { useStoreApi } from '../../hooks/useAppStore.ts';
import { exploreController, type ExploreController, type ExploreRun } from './controller.ts';

export function useExploreController(): ExploreController {
  return exploreController(useStoreApi());
}

export function useExploreRun(): ExploreRun {
  const c = useExploreController();
  return useSyncExternalStore(c.subscribe, c.getSnapshot, c.getSnapshot);
}
