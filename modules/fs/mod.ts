export * from './port.ts'
export * from './node.ts'
