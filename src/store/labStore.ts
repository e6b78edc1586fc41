// The lab's one store, made of four slices (zustand's slices pattern): the config being
// edited, the run on screen, the run history and the loaded datasets. Each slice sets its own
// part of the state and reads the rest, so they need no binding to each other.
import { createStore } from "zustand/vanilla";
import { createConfigSlice } from "./configSlice";
import { createDatasetsSlice } from "./datasetsSlice";
import { createHistorySlice } from "./historySlice";
import type { LabPorts, LabState, LabStore } from "./labState";
import { createRunSlice } from "./runSlice";
import { browserShownRunMemory } from "./shownRunMemory";

export function createLabStore(ports: LabPorts): LabStore {
  const history = createHistorySlice({
    db: ports.db,
    liveness: ports.liveness,
    now: ports.now ?? (() => new Date().toISOString()),
    newId: ports.newId ?? (() => crypto.randomUUID()),
    shownRun: ports.shownRun ?? browserShownRunMemory(),
  });
  const run = createRunSlice(ports.runner, ports.clock ?? (() => performance.now()));
  const datasets = createDatasetsSlice(ports.datasets);
  return createStore<LabState>()((...store) => ({
    ...createConfigSlice(...store),
    ...run(...store),
    ...history(...store),
    ...datasets(...store),
  }));
}
