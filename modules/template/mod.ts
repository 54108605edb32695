export * from './render.ts'
export * from './tags.ts'
