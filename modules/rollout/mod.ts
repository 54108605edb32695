// Rollouts: waves, per-account pools, and the run journal that resume reads.
export * from './waves.ts'
export * from './accounts.ts'
export * from './schedule.ts'
export * from './journal.ts'
export * from './resume.ts'
