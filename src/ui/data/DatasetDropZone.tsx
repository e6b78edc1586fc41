// Choose or drop the dataset's files; CIFAR-100's label choice beside them.
import { useRef } from "react";
import { datasetActions, useLab } from "../../store/appStore";
import { useFileDrop } from "../useFileDrop";

export function DatasetDropZone() {
  const loading = useLab((s) => s.datasetLoading !== null);
  const cifar100Label = useLab((s) => s.cifar100Label);
  const input = useRef<HTMLInputElement>(null);
  const { dragging, dropTarget } = useFileDrop((files) => {
    if (!loading && files.length > 0) datasetActions.load([...files]);
  });

  return (
    <section
      className={`drop-zone${dragging ? " drop-zone-over" : ""}`}
      data-testid="dataset-drop-zone"
      aria-label="Drop dataset files here"
      {...dropTarget}
    >
      <p>
        Drop the files here (e.g. <code>data_batch_1.bin</code> … <code>test_batch.bin</code>, or{" "}
        <code>train-images-idx3-ubyte.gz</code> with its labels), or{" "}
        <button type="button" disabled={loading} onClick={() => input.current?.click()}>
          choose files
        </button>
      </p>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="dataset-file-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = "";
          if (files.length > 0) datasetActions.load(files);
        }}
      />
      <label className="cifar100-label">
        CIFAR-100 labels{" "}
        <select
          value={cifar100Label}
          disabled={loading}
          onChange={(event) =>
            datasetActions.setCifar100Label(event.target.value === "coarse" ? "coarse" : "fine")
          }
        >
          <option value="fine">fine (100 classes)</option>
          <option value="coarse">coarse (20 superclasses)</option>
        </select>
      </label>
    </section>
  );
}
