export * from './listr.ts'
