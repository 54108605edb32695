export * from './yaml-doc.ts'
export * from './project.ts'
export * from './clusters.ts'
export * from './select.ts'
