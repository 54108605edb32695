# The values contract of the cluster template (2-kops/cluster-template.yml.eta): one output per
# value it reads, as the seed's layer exposed them.

output "project_short" { value = var.project_short }
output "profile" { value = var.profile }
output "region" { value = var.region }
output "environment" { value = var.environment }
output "cluster_name" { value = var.cluster_name }
output "cluster_version" { value = var.cluster_version }
output "etcd_clusters_version" { value = var.etcd_clusters_version }
output "networking_calico_major_version" { value = var.networking_calico_major_version }
output "cluster_master_azs" { value = var.cluster_master_azs }
output "cluster_api_elb_extra_security_group" { value = var.cluster_api_elb_extra_security_group }
output "kops_master_machine_type" { value = var.kops_master_machine_type }
output "kops_master_machine_max_size" { value = var.kops_master_machine_max_size }
output "kops_master_machine_min_size" { value = var.kops_master_machine_min_size }
output "node_cloud_labels" { value = var.node_cloud_labels }
output "kops_worker_machine_type" { value = var.kops_worker_machine_type }
output "kops_worker_machine_max_size" { value = var.kops_worker_machine_max_size }
output "kops_worker_machine_min_size" { value = var.kops_worker_machine_min_size }
output "kops_worker_machine_types_karpenter" { value = var.kops_worker_machine_types_karpenter }
output "kops_s3_bucket" { value = aws_s3_bucket.kops_state.bucket }
output "kops_ami_id" { value = var.kops_ami_id }
output "gossip_cluster" { value = var.gossip_cluster }
output "hosted_zone_id" { value = var.gossip_cluster ? "" : one(aws_route53_zone.cluster[*].zone_id) }
output "vpc_id" { value = var.vpc_id }
output "vpc_cidr_block" { value = var.vpc_cidr_block }
output "availability_zones" { value = var.availability_zones }
output "public_subnet_ids" { value = var.public_subnet_ids }
output "private_subnet_ids" { value = var.private_subnet_ids }
output "nat_gateway_ids" { value = var.nat_gateway_ids }
output "shared_vpc_cidr_block" { value = var.shared_vpc_cidr_block }
output "ssh_pub_key_path" { value = var.ssh_pub_key_path }
output "devops_role" { value = var.devops_role }
output "irsa_enabled" { value = var.irsa_enabled }
output "irsa_bucket_name" { value = var.irsa_enabled ? one(aws_s3_bucket.irsa[*].bucket) : "" }
output "karpenter_enabled" { value = var.karpenter_enabled }
