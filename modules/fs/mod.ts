export * from './port.ts'
export * from './node.ts'
export * from './json-text.ts'
