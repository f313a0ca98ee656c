/**
 * What a drop or a folder picker hands the importer (droppedFiles.ts): a dropped folder's direct
 * files in name order (numeric), read through batches of readEntries; plain files as they are;
 * sub-folders not entered.
 */
import { describe, expect, it } from 'vitest';
import { pickedFromDrop, pickedFromFolderInput, type EntryLike } from './droppedFiles.ts';

const file = (name: string, path = '') => Object.assign(new File(['{}'], name), { webkitRelativePath: path }) as File;

function fileEntry(name: string): EntryLike {
  return { name, isFile: true, isDirectory: false, file: (ok) => ok(file(name)) };
}

function dirEntry(name: string, children: EntryLike[], batch = 2): EntryLike {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      return {
        readEntries(ok) {
          ok(children.slice(at, (at += batch)));
        },
      };
    },
  };
}

describe('dropped files', () => {
  it('one folder: its direct files, every batch, numeric name order; sub-folders skipped', async () => {
    const names = ['rank10.json', 'rank2.json', 'meta.json', 'rank0.json.gz', 'rank1.json'];
    const p = await pickedFromDrop([dirEntry('run', [...names.map(fileEntry), dirEntry('old', [fileEntry('rank0.json')])])], []);
    expect(p.folder).toBe('run');
    expect(p.files.map((f) => [f.file.name, f.listed])).toEqual([
      ['meta.json', true],
      ['rank0.json.gz', true],
      ['rank1.json', true],
      ['rank2.json', true],
      ['rank10.json', true],
    ]);
  });

  it('files, and items without an entry (made by a script), come as given', async () => {
    const f = file('x.json');
    const p = await pickedFromDrop([fileEntry('a.json'), null], [file('a.json'), f]);
    expect(p.folder).toBeNull();
    expect(p.files.map((x) => [x.file.name, x.listed])).toEqual([
      ['a.json', false],
      ['x.json', false],
    ]);
    expect(p.files[1].file).toBe(f);
  });

  it('a folder picker: the chosen folder’s direct files', () => {
    const p = pickedFromFolderInput([
      file('rank1.json', 'run/rank1.json'),
      file('rank0.json', 'run/rank0.json'),
      file('r.json', 'run/old/r.json'),
    ]);
    expect(p.folder).toBe('run');
    expect(p.files.map((x) => x.file.name)).toEqual(['rank0.json', 'rank1.json']);
  });
});
