import { useEffect } from 'react';
import { backend } from './backend';

/** Dispatched on `window` after a background sync: screens showing counts reload. */
export const SYNCED_EVENT = 'sportello:sincronizzato';

/** Calls `reload` whenever a background sync has finished. */
export function useOnSynced(reload: () => void) {
  useEffect(() => {
    window.addEventListener(SYNCED_EVENT, reload);
    return () => window.removeEventListener(SYNCED_EVENT, reload);
  }, [reload]);
}

/** Every few minutes while signed in and unlocked: a sync, when a server session is
 * stored and the server answers. Failures stay quiet here: the Cruscotto shows the
 * state, and the next round tries again. */
export function useBackgroundSync(active: boolean, everyMs = 5 * 60 * 1000) {
  useEffect(() => {
    if (!active) return;
    let running = false;
    const id = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        const status = await backend.syncStatus();
        if (status.connected && status.online) {
          await backend.syncNow(() => {});
          window.dispatchEvent(new Event(SYNCED_EVENT));
        }
      } catch {
        // Shown by the Cruscotto; retried at the next round.
      } finally {
        running = false;
      }
    }, everyMs);
    return () => clearInterval(id);
  }, [active, everyMs]);
}
