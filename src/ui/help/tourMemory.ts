// Whether the first-visit tour was finished or skipped, kept in localStorage.
const KEY = "pruning-lab:tour-seen";

export function tourSeen(): boolean {
  try {
    return typeof localStorage !== "undefined" && localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function rememberTourSeen(): void {
  try {
    localStorage.setItem(KEY, "1");
  } catch {
    // Storage refused: the tour shows again next visit.
  }
}
