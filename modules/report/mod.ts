export { formatDuration } from './duration.ts'
export { listrReporter, type ListrReporterOptions } from './listr.ts'
export type { RendererName } from './options.ts'
