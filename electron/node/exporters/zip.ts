import { unzipSync, zipSync, type Zippable } from 'fflate';
import { ZIP_LIMITS } from '../importers/zip';

/** Every entry's time: fixed, so that an export does not record when it was made. */
const MTIME = new Date('1980-01-01T00:00:00Z');

/**
 * A package of the entries, each deflated anew, in the order given (as an
 * object keeps keys: a name that is an array index would come first, which
 * no OOXML part name is).
 */
export function writeZip(entries: Iterable<readonly [string, Uint8Array]>): Buffer {
  const data = new Map(entries);
  const zippable: Zippable = {};
  for (const [name, bytes] of data) zippable[name] = [bytes, { level: 6, mtime: MTIME }];
  let zip = zipSync(zippable);
  // An entry deflated past readZip's ratio limit (a large blank image) would be refused as a bomb when the export is read back: it is stored instead.
  const dense: string[] = [];
  unzipSync(zip, {
    filter: (f) => {
      if (f.size > 0 && f.originalSize / f.size > ZIP_LIMITS.maxRatio && data.has(f.name)) dense.push(f.name);
      return false;
    },
  });
  if (dense.length > 0) {
    for (const name of dense) zippable[name] = [data.get(name)!, { level: 0, mtime: MTIME }];
    zip = zipSync(zippable);
  }
  return Buffer.from(zip);
}
