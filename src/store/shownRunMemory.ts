// Which stored run was on screen, kept across reloads so the lab reopens it.
export interface ShownRunMemory {
  read(): string | null;
  write(id: string | null): void;
}

const KEY = "pruning-lab:shown-run";

/** localStorage where the page has it (and allows it); otherwise nothing is remembered. */
export function browserShownRunMemory(): ShownRunMemory {
  const storage = (): Storage | null => {
    try {
      return typeof localStorage === "undefined" ? null : localStorage;
    } catch {
      return null;
    }
  };
  return {
    read: () => storage()?.getItem(KEY) ?? null,
    write(id) {
      try {
        if (id === null) storage()?.removeItem(KEY);
        else storage()?.setItem(KEY, id);
      } catch {
        // Storage refused (quota, privacy mode): the next visit opens idle, as before.
      }
    },
  };
}
