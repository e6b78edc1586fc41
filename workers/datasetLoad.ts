// Loading a dataset from the user's files: read them, parse them (core's parsers), summarize
// and keep the result. Runs in the dataset worker, never on the main thread: the page only
// ever sees the outcome, a summary with a few preview images or the problems per file.
// The worker's contract (DatasetWorkerApi and its types) is in ./protocol.ts.
import { DEFAULT_MAX_FILE_BYTES, type FileDataset, parseDatasetFiles } from "../src/core/data/readers";
import { classNamesOf, type DatasetSummary, summarizeDataset } from "../src/core/data/summary";
import { errorMessage } from "../src/core/errorMessage";
import { formatCount } from "../src/core/io/format-count";
import type { LoadOptions, LoadOutcome, LoadProgress } from "./protocol";

/** Where each stage ends, as a fraction of the whole load. */
const READ_END = 0.3;
const PARSE_END = 0.8;

interface Dependencies {
  keep(summary: DatasetSummary, data: FileDataset): Promise<void>;
  now(): Date;
}

export async function loadDatasetFiles(
  files: readonly File[],
  options: LoadOptions,
  onProgress: (progress: LoadProgress) => void,
  { keep, now }: Dependencies,
): Promise<LoadOutcome> {
  const oversize = files.filter((file) => file.size > DEFAULT_MAX_FILE_BYTES);
  if (oversize.length > 0) {
    return {
      ok: false,
      errors: oversize.map(
        (file) =>
          `${file.name}: ${formatCount(file.size)} bytes is over the ${formatCount(DEFAULT_MAX_FILE_BYTES)}-byte limit per file`,
      ),
    };
  }
  const read = await readAll(files, (fraction) =>
    onProgress({ stage: "reading", fraction: fraction * READ_END }),
  );
  if (!read.ok) return read;

  const parsed = parseDatasetFiles(read.files, {
    cifar100Label: options.cifar100Label,
    onProgress: (fraction) =>
      onProgress({ stage: "parsing", fraction: READ_END + fraction * (PARSE_END - READ_END) }),
  });
  if (!parsed.ok) return parsed;

  onProgress({ stage: "saving", fraction: PARSE_END });
  const classes = classNamesOf(parsed.data.name, parsed.data.numClasses, read.files);
  // The parser ignores label-name files; here they name the classes.
  const notes = parsed.notes.map((note) =>
    classes?.file && note.startsWith(`${classes.file}: ignored`)
      ? `${classes.file}: class names read from it`
      : note,
  );
  const summary = summarizeDataset(parsed.data, {
    notes,
    files: read.files.map((file) => ({ name: file.name, bytes: file.bytes.length })),
    classNames: classes?.names ?? null,
    loadedAt: now().toISOString(),
  });
  try {
    await keep(summary, parsed.data);
  } catch (error) {
    return {
      ok: false,
      errors: [`the dataset could not be kept in this browser's storage: ${errorMessage(error)}`],
    };
  }
  onProgress({ stage: "saving", fraction: 1 });
  return { ok: true, summary };
}

type ReadFiles = { ok: true; files: { name: string; bytes: Uint8Array }[] } | { ok: false; errors: string[] };

async function readAll(files: readonly File[], onFraction: (fraction: number) => void): Promise<ReadFiles> {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  let done = 0;
  const read: { name: string; bytes: Uint8Array }[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      read.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (error) {
      errors.push(`${file.name}: could not be read (${errorMessage(error)})`);
    }
    done += file.size;
    onFraction(total === 0 ? 1 : done / total);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, files: read };
}
