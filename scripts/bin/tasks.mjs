#!/usr/bin/env node
// The `tasks` bin: Node cannot run TypeScript by itself before 22, so tsx's loader is
// registered in this process, then the TypeScript entry point is imported.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`tasks needs Node.js 20.19 or newer; this is ${process.version}.\n`)
  process.exit(2)
}
// Clusters run side by side and each stage writes a log and a record: give libuv's file-system
// pool more than its default 4 threads (it starts lazily, so this is early enough).
process.env.UV_THREADPOOL_SIZE ??= '16'
const { register } = await import('tsx/esm/api')
register()
await import('../tasks.ts')
