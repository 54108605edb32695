# The cluster layer. kOps generates the resources (clusters/<name>/kubernetes.tf, copied next to
# this file in .tasks/work/<name>/2-kops); tasks strips the provider and terraform blocks kOps
# writes, so the providers and the backend are configured here, once, for every cluster.
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

variable "region" {
  description = "AWS region of the cluster (cluster.yaml `region`)"
  type        = string
}

variable "profile" {
  description = "AWS profile (cluster.yaml `profile`)"
  type        = string
}

provider "aws" {
  region  = var.region
  profile = var.profile
}

# kOps writes its S3 objects (cluster spec, nodeup configuration, etcd manifests) through this
# alias; every aws_s3_object in kubernetes.tf says `provider = aws.files`.
provider "aws" {
  alias   = "files"
  region  = var.region
  profile = var.profile
}
