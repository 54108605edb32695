export * from './render.ts'
