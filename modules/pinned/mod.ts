export * from './zip.ts'
export * from './plan-state.ts'
export * from './fingerprint.ts'
export * from './compare.ts'
