/**
 * Drag-and-drop of files onto an element: handlers to spread on it and whether a file is being
 * dragged over it (for the drop hint). Only drags that carry files are taken, so dragging text or
 * the chart's own pan gestures never trigger it. Enter/leave fire for every child crossed, hence
 * the counter. Several files or a folder arrive together (app/droppedFiles.ts); the entries are
 * taken during the drop event, as the browser requires, and read after it.
 */
import { useRef, useState, type DragEvent } from 'react';
import { pickedFromDrop, type EntryLike } from '../app/droppedFiles.ts';
import type { Picked } from '../app/traceImport.ts';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function useFileDrop(onDrop: (picked: Picked) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const handlers = {
    onDragEnter: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    },
    onDragOver: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      // without preventDefault the browser refuses the drop (and would open the file instead)
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    },
    onDragLeave: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const items = Array.from(e.dataTransfer.items ?? []).filter((it) => it.kind === 'file');
      const files = Array.from(e.dataTransfer.files);
      const entries = items.map((it) => (it.webkitGetAsEntry?.() ?? null) as EntryLike | null);
      void pickedFromDrop(items.length ? entries : files.map(() => null), files).then(
        (picked) => {
          if (picked.files.length || picked.folder !== null) onDrop(picked);
        },
        (err: unknown) =>
          onDrop({
            files: [],
            folder: entries.find((x) => x?.isDirectory)?.name ?? null,
            problem: `the browser could not read the dropped files (${err instanceof Error ? err.message : String(err)})`,
          }),
      );
    },
  };
  return { over, handlers };
}
