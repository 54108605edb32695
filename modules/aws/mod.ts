// AWS: who a cluster's credentials are (STS GetCallerIdentity, or the sandbox's answer) and the
// account guard that checks it against cluster.yaml `account` before a run's first remote call.
export * from './identity.ts'
export * from './guard.ts'
export * from './profiles.ts'
