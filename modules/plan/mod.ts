export * from './decide.ts'
export * from './evaluate.ts'
export * from './planner.ts'
export * from './refuse.ts'
