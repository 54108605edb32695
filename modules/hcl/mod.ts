// HCL handling: a tokenizer for Terraform's native syntax and the kubernetes.tf post-processing.
export * from './lexer.ts'
export * from './strip.ts'
