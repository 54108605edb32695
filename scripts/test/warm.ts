// Run by `npm test` before tap: parses each Terraform file of the repository once into the sandbox's
// HCL cache (.tasks/sandbox-cache). On a fresh clone that cache is empty, and every test process and
// simulator call that misses it loads hcl2json's WebAssembly (about a second of CPU): four test
// files at once, each missing the same files, doubled the suite's CPU. One process, one load.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { HCL_CACHE, parseFile } from '../../sandbox/terraform/lang/parse-file.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SKIP = new Set(['node_modules', '.tasks', '.git'])

/** Every *.tf file under `dir`, skipping dependencies and state. */
function terraformFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : terraformFiles(join(dir, e.name))
    return e.name.endsWith('.tf') ? [join(dir, e.name)] : []
  })
}

const files = terraformFiles(ROOT)
for (const file of files) await parseFile(relative(ROOT, file), readFileSync(file, 'utf8'))
process.stdout.write(`# warmed the sandbox's HCL cache (${HCL_CACHE ?? 'no cache: parser version unknown'}) with ${files.length} Terraform files\n`)
