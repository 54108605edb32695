# The prerequisites layer: what kOps needs before a cluster exists. One state per cluster; tasks
# runs this layer in .tasks/work/<cluster>/1-prerequisites with the cluster's backend settings
# (cluster.yaml `backends.prerequisites`) and variables (cluster.yaml `prerequisites`).
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0.0"
    }
  }

  # Partial configuration: bucket, key and region come from `terraform init -backend-config`.
  backend "s3" {}
}

provider "aws" {
  region  = var.region
  profile = var.profile

  default_tags {
    tags = local.tags
  }
}
