// The YAML parser for spec comparisons, behind spec-diff.ts's dynamic import: loaded the first time
// a spec is compared. A module of our own, statically importing the package, so the compiled CLI's
// bundling keeps yaml's named exports (a dynamic import of the package itself would not).
import { parseAllDocuments } from 'yaml'

/** The documents of a multi-document YAML text, as plain objects. */
export function parseDocuments<Doc>(text: string): Doc[] {
  return parseAllDocuments(text)
    .filter((d) => !('empty' in d))
    .map((d) => d.toJS() as Doc)
    .filter((d) => d && typeof d === 'object')
}
