export * from './path.ts'
export * from './render.ts'
export * from './tags.ts'
