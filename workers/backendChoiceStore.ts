// Where "auto" remembers its choice per model shape. Each run gets a fresh worker, so the
// choice lives in IndexedDB (shared by the page and its workers), with memory where there is none.
import { openDB } from "idb";
import type { BackendName } from "../src/core/types";
import type { BackendTiming } from "./backendChooser";

export interface RememberedChoice {
  backend: BackendName;
  timings: BackendTiming[];
}

const DB_NAME = "pruning-lab-backend-choices";
const STORE = "choices";
const memory = new Map<string, RememberedChoice>();

function open() {
  if (typeof indexedDB === "undefined") return null;
  return openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });
}

export async function rememberedChoice(shapeKey: string): Promise<RememberedChoice | undefined> {
  const db = await open()?.catch(() => null);
  if (!db) return memory.get(shapeKey);
  try {
    return ((await db.get(STORE, shapeKey)) as RememberedChoice | undefined) ?? memory.get(shapeKey);
  } finally {
    db.close();
  }
}

export async function rememberChoice(shapeKey: string, choice: RememberedChoice): Promise<void> {
  memory.set(shapeKey, choice);
  const db = await open()?.catch(() => null);
  if (!db) return;
  try {
    await db.put(STORE, choice, shapeKey);
  } catch {
    // A full or blocked store only means the next run measures again.
  } finally {
    db.close();
  }
}

/** Forgets every remembered choice: the next "auto" run measures again. */
export async function forgetBackendChoices(): Promise<void> {
  memory.clear();
  const db = await open()?.catch(() => null);
  if (!db) return;
  try {
    await db.clear(STORE);
  } finally {
    db.close();
  }
}
