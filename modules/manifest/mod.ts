export { checkManifest, type CheckOptions } from './check.ts'
export type { Problem } from './problem.ts'
export { parseCidr, formatCidr, isCanonical, contains, overlaps, network, type Cidr } from './cidr.ts'
export { parseKubernetesVersion, type KubernetesVersion } from './version.ts'
