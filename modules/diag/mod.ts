export * from './failure.ts'
export * from './print.ts'
export * from './suggest.ts'
export * from './location.ts'
