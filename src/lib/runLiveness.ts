// Which stored runs a page is still training, through the Web Locks API: the page that trains
// a run holds a lock named after it, and the browser drops the lock when that page goes away
// (reload, closed tab, crash). A run stored as "running" whose lock nobody holds was cut short.

export interface RunLiveness {
  /** Marks run `id` as trained by this page until the returned function is called. */
  hold(id: string): () => void;
  /** Ids of the runs some open page is training now; null when this browser cannot tell. */
  liveRunIds(): Promise<Set<string> | null>;
}

const LOCK_PREFIX = "pruning-lab.run.";

export function browserRunLiveness(): RunLiveness {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return { hold: () => () => {}, liveRunIds: async () => null };
  return {
    hold(id) {
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      void locks.request(`${LOCK_PREFIX}${id}`, () => held);
      return release;
    },
    async liveRunIds() {
      const { held = [], pending = [] } = await locks.query();
      const ids = [...held, ...pending]
        .map((lock) => lock.name ?? "")
        .filter((name) => name.startsWith(LOCK_PREFIX))
        .map((name) => name.slice(LOCK_PREFIX.length));
      return new Set(ids);
    },
  };
}
