export * from './canonical.ts'
export * from './key.ts'
export * from './files.ts'
export * from './records.ts'
