// A drop target for files: whether files are being dragged over it, and its event handlers.
import { type DragEvent, useState } from "react";

export function useFileDrop(onFiles: (files: FileList) => void) {
  const [dragging, setDragging] = useState(false);
  const dropTarget = {
    onDragOver: (event: DragEvent) => {
      // Only a target that cancels dragover takes the drop; otherwise the browser opens the file.
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: () => setDragging(false),
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      setDragging(false);
      onFiles(event.dataTransfer.files);
    },
  };
  return { dragging, dropTarget };
}
