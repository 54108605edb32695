export * from './yaml-doc.ts'
export * from './project.ts'
export * from './clusters.ts'
