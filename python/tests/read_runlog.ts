// Reads a run log with the lab's reader: prints "ok" and exits 0, or prints the problems and exits 1.
import { readFileSync } from "node:fs";
import { parseRunLog } from "../../src/core/io/runlog-schema";

const result = parseRunLog(readFileSync(process.argv[2] ?? "", "utf8"));
if (result.ok) console.log("ok");
else {
  console.log(JSON.stringify(result));
  process.exit(1);
}
