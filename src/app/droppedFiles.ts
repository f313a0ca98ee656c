/**
 * What a drop holds, as the importer takes it (app/traceImport.ts `Picked`): plain files, or a
 * folder's files. A dropped folder is only visible through the entries API
 * (`DataTransferItem.webkitGetAsEntry`, in every current browser); its direct `.json`/`.json.gz`
 * files are taken, as the CLI's `trace import FOLDER` does (sub-folders are not entered).
 * `readEntries` answers in batches (100 in chromium), hence the loop. Entries must be taken
 * during the drop event; reading them may happen later.
 */
import type { Picked, PickedFile } from './traceImport.ts';

/** The parts of the entries API used here (FileSystemEntry and friends). */
export interface EntryLike {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
  file?(ok: (f: File) => void, fail?: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (entries: EntryLike[]) => void, fail?: (e: unknown) => void): void };
}

function fileOf(entry: EntryLike): Promise<File> {
  return new Promise((resolve, reject) => entry.file!(resolve, reject));
}

async function childrenOf(dir: EntryLike): Promise<EntryLike[]> {
  const reader = dir.createReader!();
  const all: EntryLike[] = [];
  for (;;) {
    const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * The files of a drop: `entries[i]` is item i's entry (null where the browser gives none, e.g. a
 * file made by a script) and `files[i]` its File. One folder alone is `folder`; its files sorted by
 * name (numerically: rank2 before rank10).
 */
export async function pickedFromDrop(entries: (EntryLike | null)[], files: File[]): Promise<Picked> {
  const out: PickedFile[] = [];
  let folders = 0;
  let folder: string | null = null;
  for (const [i, entry] of entries.entries()) {
    if (entry?.isDirectory) {
      folders++;
      folder = entry.name;
      const children = (await childrenOf(entry))
        .filter((c) => c.isFile)
        .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
      for (const c of children) out.push({ file: await fileOf(c), listed: true });
    } else if (entry?.isFile && entry.file) out.push({ file: await fileOf(entry), listed: false });
    else if (files[i]) out.push({ file: files[i], listed: false });
  }
  return { files: out, folder: folders === 1 && entries.length === 1 ? folder : null };
}

/** The files of a folder chosen with `<input webkitdirectory>`: its direct files (webkitRelativePath `folder/name`). */
export function pickedFromFolderInput(files: File[]): Picked {
  const direct = files
    .filter((f) => (f.webkitRelativePath || f.name).split('/').length <= 2)
    .sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const folder = files[0]?.webkitRelativePath.split('/')[0] || null;
  return { files: direct.map((file) => ({ file, listed: true })), folder };
}
