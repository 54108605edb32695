// Preloaded into a measured tasks process (`node --import`): on exit, writes the CPU time the
// process itself used (every thread: main, GC, libuv's pool; not its children, the tools) to
// the file named by TASKS_BENCH_CPU_FILE. The variable is removed at once, so tools never see it.
import { writeFileSync } from 'node:fs'

const file = process.env.TASKS_BENCH_CPU_FILE
delete process.env.TASKS_BENCH_CPU_FILE
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage()
    writeFileSync(file, JSON.stringify({ userMs: user / 1000, systemMs: system / 1000 }))
  })
}
