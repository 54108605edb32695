// Where the cluster template lives. Its own file, so a module that only names the template (the
// graph's render stage inputs, validate) does not load the template engine with it.

/** The cluster template, relative to the root: what the render stage reads, and render-template and validate by default. */
export const CLUSTER_TEMPLATE = '2-kops/cluster-template.yml.eta'
