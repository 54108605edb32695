locals {
  # Bucket names cannot hold dots: prod.k8s.acme.io -> prod-k8s-acme-io.
  cluster_slug     = replace(var.cluster_name, ".", "-")
  kops_s3_bucket   = "${var.project_short}-${var.environment}-kops-state-${local.cluster_slug}"
  irsa_bucket_name = "${var.project_short}-${var.environment}-irsa-${local.cluster_slug}"
  dns_zone_name    = var.dns_zone_name != "" ? var.dns_zone_name : var.cluster_name

  tags = {
    Environment = var.environment
    Cluster     = var.cluster_name
    Provisioner = "terraform"
    Layer       = "1-prerequisites"
  }
}
