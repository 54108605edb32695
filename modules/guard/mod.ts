// The protected-resource guard: which resource instances a Terraform plan deletes or replaces, which
// of those are protected (stateful types by default, cluster.yaml `protect:`), and which of those an
// `--allow-replace GLOB` lets through. Pure: the runner records and enforces it.
export * from './glob.ts'
export * from './protect.ts'
export * from './destructive.ts'
export * from './refusal.ts'
