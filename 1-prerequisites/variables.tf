# Inputs, set per cluster in clusters/<name>/cluster.yaml under `prerequisites:`.

variable "project_short" {
  description = "Short project name, used as a prefix of bucket names"
  type        = string
}

variable "profile" {
  description = "AWS profile the layer and kOps run with"
  type        = string
}

variable "region" {
  description = "AWS region of the cluster"
  type        = string
}

variable "environment" {
  description = "Environment name (dev, prod, ...), tagged on every resource"
  type        = string
}

variable "cluster_name" {
  description = "Full kOps cluster name; gossip clusters end in .k8s.local"
  type        = string
}

variable "cluster_version" {
  description = "Kubernetes version"
  type        = string
}

variable "etcd_clusters_version" {
  description = "etcd version of the main and events clusters"
  type        = string
  default     = "3.5.9"
}

variable "networking_calico_major_version" {
  description = "Calico major version"
  type        = string
  default     = "v3"
}

variable "cluster_master_azs" {
  description = "Availability zones with a control-plane node (1 or 3)"
  type        = list(string)
}

variable "cluster_api_elb_extra_security_group" {
  description = "Extra security group on the API load balancer, or empty"
  type        = string
  default     = ""
}

variable "kops_master_machine_type" {
  type    = string
  default = "t3.medium"
}

variable "kops_master_machine_min_size" {
  type    = number
  default = 1
}

variable "kops_master_machine_max_size" {
  type    = number
  default = 1
}

variable "node_cloud_labels" {
  description = "Cloud tags of the worker nodes"
  type        = map(string)
  default     = {}
}

variable "kops_worker_machine_type" {
  type    = string
  default = "t3.medium"
}

variable "kops_worker_machine_min_size" {
  type    = number
  default = 1
}

variable "kops_worker_machine_max_size" {
  type    = number
  default = 3
}

variable "kops_worker_machine_types_karpenter" {
  description = "Instance types Karpenter may choose from"
  type        = list(string)
  default     = ["t3.medium", "t3.large", "t3a.medium", "t3a.large"]
}

variable "kops_ami_id" {
  description = "AMI of every instance group"
  type        = string
}

variable "gossip_cluster" {
  description = "Gossip DNS (no Route53 zone); true for names ending in .k8s.local"
  type        = bool
  default     = true
}

variable "dns_zone_name" {
  description = "Private Route53 zone for non-gossip clusters (default: the cluster name)"
  type        = string
  default     = ""
}

variable "vpc_id" {
  description = "Existing VPC of the cluster"
  type        = string
}

variable "vpc_cidr_block" {
  type = string
}

variable "shared_vpc_cidr_block" {
  description = "CIDR allowed to reach the API and SSH (e.g. the VPN's VPC)"
  type        = string
}

variable "availability_zones" {
  description = "Zones of the worker nodes"
  type        = list(string)
}

variable "public_subnet_ids" {
  description = "Public (utility) subnet per availability zone"
  type        = map(string)
}

variable "private_subnet_ids" {
  description = "Private subnet per availability zone"
  type        = map(string)
}

variable "nat_gateway_ids" {
  description = "NAT gateway per availability zone, the private subnets' egress"
  type        = map(string)
}

variable "ssh_pub_key_path" {
  description = "SSH public key registered with kOps"
  type        = string
}

variable "devops_role" {
  description = "IAM role mapped to cluster admins (system:masters)"
  type        = string
}

variable "irsa_enabled" {
  description = "IAM roles for service accounts: creates the public OIDC discovery bucket"
  type        = bool
  default     = true
}

variable "karpenter_enabled" {
  type    = bool
  default = false
}
