/** A typed event emitter whose listeners can never break the emitter's caller. */
export interface Emitter<Events extends object> {
  on<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void): () => void;
  emit<K extends keyof Events>(name: K, payload: Events[K]): void;
  clear(): void;
}

export function createEmitter<Events extends object>(): Emitter<Events> {
  const handlers = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on(name, handler) {
      const set = handlers.get(name) ?? new Set();
      handlers.set(name, set);
      set.add(handler as (payload: never) => void);
      return () => void set.delete(handler as (payload: never) => void);
    },
    emit(name, payload) {
      for (const h of [...(handlers.get(name) ?? [])]) {
        try {
          (h as (p: typeof payload) => void)(payload);
        } catch (err) {
          console.error('[oidc-session]', name, err);
        }
      }
    },
    clear: () => handlers.clear(),
  };
}
