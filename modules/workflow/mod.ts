export * from './cluster.ts'
export * from './publish.ts'
export * from './results.ts'
