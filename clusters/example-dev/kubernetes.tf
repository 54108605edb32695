locals {
  cluster_name                 = "dev.k8s.local"
  master_autoscaling_group_ids = [aws_autoscaling_group.master-us-east-1a-masters-dev-k8s-local.id]
  master_security_group_ids    = [aws_security_group.masters-dev-k8s-local.id]
  masters_role_arn             = aws_iam_role.masters-dev-k8s-local.arn
  masters_role_name            = aws_iam_role.masters-dev-k8s-local.name
  node_autoscaling_group_ids   = [aws_autoscaling_group.batch-spot-dev-k8s-local.id, aws_autoscaling_group.nodes-dev-k8s-local.id]
  node_security_group_ids      = [aws_security_group.nodes-dev-k8s-local.id]
  node_subnet_ids              = ["subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
  nodes_role_arn               = aws_iam_role.nodes-dev-k8s-local.arn
  nodes_role_name              = aws_iam_role.nodes-dev-k8s-local.name
  region                       = "us-east-1"
  subnet_ids                   = ["subnet-0aa1111111111111a", "subnet-0aa1111111111111b", "subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
  subnet_us-east-1a_id         = "subnet-0bb2222222222222a"
  subnet_us-east-1b_id         = "subnet-0bb2222222222222b"
  subnet_utility-us-east-1a_id = "subnet-0aa1111111111111a"
  subnet_utility-us-east-1b_id = "subnet-0aa1111111111111b"
  vpc_cidr_block               = data.aws_vpc.dev-k8s-local.cidr_block
  vpc_id                       = "vpc-0a1b2c3d4e5f60718"
  vpc_ipv6_cidr_block          = data.aws_vpc.dev-k8s-local.ipv6_cidr_block
  vpc_ipv6_cidr_length         = local.vpc_ipv6_cidr_block == "" ? null : tonumber(regex(".*/(\\d+)", local.vpc_ipv6_cidr_block)[0])
}

output "cluster_name" {
  value = "dev.k8s.local"
}

output "master_autoscaling_group_ids" {
  value = [aws_autoscaling_group.master-us-east-1a-masters-dev-k8s-local.id]
}

output "master_security_group_ids" {
  value = [aws_security_group.masters-dev-k8s-local.id]
}

output "masters_role_arn" {
  value = aws_iam_role.masters-dev-k8s-local.arn
}

output "masters_role_name" {
  value = aws_iam_role.masters-dev-k8s-local.name
}

output "node_autoscaling_group_ids" {
  value = [aws_autoscaling_group.batch-spot-dev-k8s-local.id, aws_autoscaling_group.nodes-dev-k8s-local.id]
}

output "node_security_group_ids" {
  value = [aws_security_group.nodes-dev-k8s-local.id]
}

output "node_subnet_ids" {
  value = ["subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
}

output "nodes_role_arn" {
  value = aws_iam_role.nodes-dev-k8s-local.arn
}

output "nodes_role_name" {
  value = aws_iam_role.nodes-dev-k8s-local.name
}

output "region" {
  value = "us-east-1"
}

output "subnet_ids" {
  value = ["subnet-0aa1111111111111a", "subnet-0aa1111111111111b", "subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
}

output "subnet_us-east-1a_id" {
  value = "subnet-0bb2222222222222a"
}

output "subnet_us-east-1b_id" {
  value = "subnet-0bb2222222222222b"
}

output "subnet_utility-us-east-1a_id" {
  value = "subnet-0aa1111111111111a"
}

output "subnet_utility-us-east-1b_id" {
  value = "subnet-0aa1111111111111b"
}

output "vpc_cidr_block" {
  value = data.aws_vpc.dev-k8s-local.cidr_block
}

output "vpc_id" {
  value = "vpc-0a1b2c3d4e5f60718"
}

output "vpc_ipv6_cidr_block" {
  value = data.aws_vpc.dev-k8s-local.ipv6_cidr_block
}

output "vpc_ipv6_cidr_length" {
  value = local.vpc_ipv6_cidr_block == "" ? null : tonumber(regex(".*/(\\d+)", local.vpc_ipv6_cidr_block)[0])
}

resource "aws_autoscaling_group" "batch-spot-dev-k8s-local" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.batch-spot-dev-k8s-local.id
    version = aws_launch_template.batch-spot-dev-k8s-local.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 5
  metrics_granularity   = "1Minute"
  min_size              = 0
  name                  = "batch-spot.dev.k8s.local"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "dev"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "dev.k8s.local"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "batch-spot.dev.k8s.local"
  }
  tag {
    key                 = "Provisioner"
    propagate_at_launch = true
    value               = "kops"
  }
  tag {
    key                 = "Service"
    propagate_at_launch = true
    value               = "kubernetes"
  }
  tag {
    key                 = "aws-node-termination-handler/managed"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/workload"
    propagate_at_launch = true
    value               = "batch"
  }
  tag {
    key                 = "k8s.io/role/node"
    propagate_at_launch = true
    value               = "1"
  }
  tag {
    key                 = "kops.k8s.io/instancegroup"
    propagate_at_launch = true
    value               = "batch-spot"
  }
  tag {
    key                 = "kubernetes.io/cluster/dev.k8s.local"
    propagate_at_launch = true
    value               = "owned"
  }
  vpc_zone_identifier = ["subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
}

resource "aws_autoscaling_group" "master-us-east-1a-masters-dev-k8s-local" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.master-us-east-1a-masters-dev-k8s-local.id
    version = aws_launch_template.master-us-east-1a-masters-dev-k8s-local.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 1
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "master-us-east-1a.masters.dev.k8s.local"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "dev"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "dev.k8s.local"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "master-us-east-1a.masters.dev.k8s.local"
  }
  tag {
    key                 = "Provisioner"
    propagate_at_launch = true
    value               = "kops"
  }
  tag {
    key                 = "Service"
    propagate_at_launch = true
    value               = "kubernetes"
  }
  tag {
    key                 = "aws-node-termination-handler/managed"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/role/control-plane"
    propagate_at_launch = true
    value               = "1"
  }
  tag {
    key                 = "k8s.io/role/master"
    propagate_at_launch = true
    value               = "1"
  }
  tag {
    key                 = "kops.k8s.io/instancegroup"
    propagate_at_launch = true
    value               = "master-us-east-1a"
  }
  tag {
    key                 = "kubernetes.io/cluster/dev.k8s.local"
    propagate_at_launch = true
    value               = "owned"
  }
  target_group_arns   = [aws_lb_target_group.tcp-dev-k8s-local.id]
  vpc_zone_identifier = ["subnet-0bb2222222222222a"]
}

resource "aws_autoscaling_group" "nodes-dev-k8s-local" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.nodes-dev-k8s-local.id
    version = aws_launch_template.nodes-dev-k8s-local.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 3
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "nodes.dev.k8s.local"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "dev"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "dev.k8s.local"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "nodes.dev.k8s.local"
  }
  tag {
    key                 = "Provisioner"
    propagate_at_launch = true
    value               = "kops"
  }
  tag {
    key                 = "Service"
    propagate_at_launch = true
    value               = "kubernetes"
  }
  tag {
    key                 = "aws-node-termination-handler/managed"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node"
    propagate_at_launch = true
    value               = ""
  }
  tag {
    key                 = "k8s.io/role/node"
    propagate_at_launch = true
    value               = "1"
  }
  tag {
    key                 = "kops.k8s.io/instancegroup"
    propagate_at_launch = true
    value               = "nodes"
  }
  tag {
    key                 = "kubernetes.io/cluster/dev.k8s.local"
    propagate_at_launch = true
    value               = "owned"
  }
  vpc_zone_identifier = ["subnet-0bb2222222222222a", "subnet-0bb2222222222222b"]
}

resource "aws_autoscaling_lifecycle_hook" "batch-spot-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.batch-spot-dev-k8s-local.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "batch-spot-NTHLifecycleHook"
}

resource "aws_autoscaling_lifecycle_hook" "master-us-east-1a-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.master-us-east-1a-masters-dev-k8s-local.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "master-us-east-1a-NTHLifecycleHook"
}

resource "aws_autoscaling_lifecycle_hook" "nodes-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.nodes-dev-k8s-local.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "nodes-NTHLifecycleHook"
}

resource "aws_cloudwatch_event_rule" "dev-k8s-local-ASGLifecycle" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_dev.k8s.local-ASGLifecycle_event_pattern")
  name          = "dev.k8s.local-ASGLifecycle"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev.k8s.local-ASGLifecycle"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "dev-k8s-local-InstanceScheduledChange" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_dev.k8s.local-InstanceScheduledChange_event_pattern")
  name          = "dev.k8s.local-InstanceScheduledChange"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev.k8s.local-InstanceScheduledChange"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "dev-k8s-local-InstanceStateChange" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_dev.k8s.local-InstanceStateChange_event_pattern")
  name          = "dev.k8s.local-InstanceStateChange"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev.k8s.local-InstanceStateChange"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "dev-k8s-local-SpotInterruption" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_dev.k8s.local-SpotInterruption_event_pattern")
  name          = "dev.k8s.local-SpotInterruption"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev.k8s.local-SpotInterruption"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_cloudwatch_event_target" "dev-k8s-local-ASGLifecycle-Target" {
  arn  = aws_sqs_queue.dev-k8s-local-nth.arn
  rule = aws_cloudwatch_event_rule.dev-k8s-local-ASGLifecycle.id
}

resource "aws_cloudwatch_event_target" "dev-k8s-local-InstanceScheduledChange-Target" {
  arn  = aws_sqs_queue.dev-k8s-local-nth.arn
  rule = aws_cloudwatch_event_rule.dev-k8s-local-InstanceScheduledChange.id
}

resource "aws_cloudwatch_event_target" "dev-k8s-local-InstanceStateChange-Target" {
  arn  = aws_sqs_queue.dev-k8s-local-nth.arn
  rule = aws_cloudwatch_event_rule.dev-k8s-local-InstanceStateChange.id
}

resource "aws_cloudwatch_event_target" "dev-k8s-local-SpotInterruption-Target" {
  arn  = aws_sqs_queue.dev-k8s-local-nth.arn
  rule = aws_cloudwatch_event_rule.dev-k8s-local-SpotInterruption.id
}

resource "aws_ebs_volume" "a-etcd-events-dev-k8s-local" {
  availability_zone = "us-east-1a"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "a.etcd-events.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "k8s.io/etcd/events"                  = "a/a"
    "k8s.io/role/control-plane"           = "1"
    "k8s.io/role/master"                  = "1"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "a-etcd-main-dev-k8s-local" {
  availability_zone = "us-east-1a"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "a.etcd-main.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "k8s.io/etcd/main"                    = "a/a"
    "k8s.io/role/control-plane"           = "1"
    "k8s.io/role/master"                  = "1"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_iam_instance_profile" "masters-dev-k8s-local" {
  name = "masters.dev.k8s.local"
  role = aws_iam_role.masters-dev-k8s-local.name
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "masters.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_iam_instance_profile" "nodes-dev-k8s-local" {
  name = "nodes.dev.k8s.local"
  role = aws_iam_role.nodes-dev-k8s-local.name
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "nodes.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_iam_role" "masters-dev-k8s-local" {
  assume_role_policy = file("${path.module}/data/aws_iam_role_masters.dev.k8s.local_policy")
  name               = "masters.dev.k8s.local"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "masters.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_iam_role" "nodes-dev-k8s-local" {
  assume_role_policy = file("${path.module}/data/aws_iam_role_nodes.dev.k8s.local_policy")
  name               = "nodes.dev.k8s.local"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "nodes.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_iam_role_policy" "masters-dev-k8s-local" {
  name   = "masters.dev.k8s.local"
  policy = file("${path.module}/data/aws_iam_role_policy_masters.dev.k8s.local_policy")
  role   = aws_iam_role.masters-dev-k8s-local.name
}

resource "aws_iam_role_policy" "nodes-dev-k8s-local" {
  name   = "nodes.dev.k8s.local"
  policy = file("${path.module}/data/aws_iam_role_policy_nodes.dev.k8s.local_policy")
  role   = aws_iam_role.nodes-dev-k8s-local.name
}

resource "aws_key_pair" "kubernetes-dev-k8s-local-f72148065b342969c866467f24215592" {
  key_name   = "kubernetes.dev.k8s.local-f7:21:48:06:5b:34:29:69:c8:66:46:7f:24:21:55:92"
  public_key = file("${path.module}/data/aws_key_pair_kubernetes.dev.k8s.local-f72148065b342969c866467f24215592_public_key")
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_launch_template" "batch-spot-dev-k8s-local" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      delete_on_termination = true
      encrypted             = true
      iops                  = 3000
      throughput            = 125
      volume_size           = 128
      volume_type           = "gp3"
    }
  }
  iam_instance_profile {
    name = aws_iam_instance_profile.nodes-dev-k8s-local.id
  }
  image_id      = "ami-0c7217cdde317cfec"
  instance_type = "m5.large"
  key_name      = aws_key_pair.kubernetes-dev-k8s-local-f72148065b342969c866467f24215592.id
  lifecycle {
    create_before_destroy = true
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_protocol_ipv6          = "disabled"
    http_put_response_hop_limit = 1
    http_tokens                 = "required"
  }
  monitoring {
    enabled = false
  }
  name = "batch-spot.dev.k8s.local"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.nodes-dev-k8s-local.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "dev"
      "KubernetesCluster"                                                          = "dev.k8s.local"
      "Name"                                                                       = "batch-spot.dev.k8s.local"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/cluster-autoscaler/node-template/label/workload"                     = "batch"
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "batch-spot"
      "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "dev"
      "KubernetesCluster"                                                          = "dev.k8s.local"
      "Name"                                                                       = "batch-spot.dev.k8s.local"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/cluster-autoscaler/node-template/label/workload"                     = "batch"
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "batch-spot"
      "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
    }
  }
  tags = {
    "Backup"                                                                     = "True"
    "Environment"                                                                = "dev"
    "KubernetesCluster"                                                          = "dev.k8s.local"
    "Name"                                                                       = "batch-spot.dev.k8s.local"
    "Provisioner"                                                                = "kops"
    "Service"                                                                    = "kubernetes"
    "aws-node-termination-handler/managed"                                       = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
    "k8s.io/cluster-autoscaler/node-template/label/workload"                     = "batch"
    "k8s.io/role/node"                                                           = "1"
    "kops.k8s.io/instancegroup"                                                  = "batch-spot"
    "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_batch-spot.dev.k8s.local_user_data")
}

resource "aws_launch_template" "master-us-east-1a-masters-dev-k8s-local" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      delete_on_termination = true
      encrypted             = true
      iops                  = 3000
      throughput            = 125
      volume_size           = 64
      volume_type           = "gp3"
    }
  }
  iam_instance_profile {
    name = aws_iam_instance_profile.masters-dev-k8s-local.id
  }
  image_id      = "ami-0c7217cdde317cfec"
  instance_type = "t3.medium"
  key_name      = aws_key_pair.kubernetes-dev-k8s-local-f72148065b342969c866467f24215592.id
  lifecycle {
    create_before_destroy = true
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_protocol_ipv6          = "disabled"
    http_put_response_hop_limit = 1
    http_tokens                 = "required"
  }
  monitoring {
    enabled = false
  }
  name = "master-us-east-1a.masters.dev.k8s.local"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.masters-dev-k8s-local.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "dev"
      "KubernetesCluster"                                                                                     = "dev.k8s.local"
      "Name"                                                                                                  = "master-us-east-1a.masters.dev.k8s.local"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-us-east-1a"
      "kubernetes.io/cluster/dev.k8s.local"                                                                   = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "dev"
      "KubernetesCluster"                                                                                     = "dev.k8s.local"
      "Name"                                                                                                  = "master-us-east-1a.masters.dev.k8s.local"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-us-east-1a"
      "kubernetes.io/cluster/dev.k8s.local"                                                                   = "owned"
    }
  }
  tags = {
    "Backup"                                                                                                = "True"
    "Environment"                                                                                           = "dev"
    "KubernetesCluster"                                                                                     = "dev.k8s.local"
    "Name"                                                                                                  = "master-us-east-1a.masters.dev.k8s.local"
    "Provisioner"                                                                                           = "kops"
    "Service"                                                                                               = "kubernetes"
    "aws-node-termination-handler/managed"                                                                  = ""
    "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
    "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
    "k8s.io/role/control-plane"                                                                             = "1"
    "k8s.io/role/master"                                                                                    = "1"
    "kops.k8s.io/instancegroup"                                                                             = "master-us-east-1a"
    "kubernetes.io/cluster/dev.k8s.local"                                                                   = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_master-us-east-1a.masters.dev.k8s.local_user_data")
}

resource "aws_launch_template" "nodes-dev-k8s-local" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      delete_on_termination = true
      encrypted             = true
      iops                  = 3000
      throughput            = 125
      volume_size           = 128
      volume_type           = "gp3"
    }
  }
  iam_instance_profile {
    name = aws_iam_instance_profile.nodes-dev-k8s-local.id
  }
  image_id      = "ami-0c7217cdde317cfec"
  instance_type = "t3.medium"
  key_name      = aws_key_pair.kubernetes-dev-k8s-local-f72148065b342969c866467f24215592.id
  lifecycle {
    create_before_destroy = true
  }
  metadata_options {
    http_endpoint               = "enabled"
    http_protocol_ipv6          = "disabled"
    http_put_response_hop_limit = 1
    http_tokens                 = "required"
  }
  monitoring {
    enabled = false
  }
  name = "nodes.dev.k8s.local"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.nodes-dev-k8s-local.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "dev"
      "KubernetesCluster"                                                          = "dev.k8s.local"
      "Name"                                                                       = "nodes.dev.k8s.local"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "nodes"
      "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "dev"
      "KubernetesCluster"                                                          = "dev.k8s.local"
      "Name"                                                                       = "nodes.dev.k8s.local"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "nodes"
      "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
    }
  }
  tags = {
    "Backup"                                                                     = "True"
    "Environment"                                                                = "dev"
    "KubernetesCluster"                                                          = "dev.k8s.local"
    "Name"                                                                       = "nodes.dev.k8s.local"
    "Provisioner"                                                                = "kops"
    "Service"                                                                    = "kubernetes"
    "aws-node-termination-handler/managed"                                       = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
    "k8s.io/role/node"                                                           = "1"
    "kops.k8s.io/instancegroup"                                                  = "nodes"
    "kubernetes.io/cluster/dev.k8s.local"                                        = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_nodes.dev.k8s.local_user_data")
}

resource "aws_lb" "api-dev-k8s-local" {
  enable_cross_zone_load_balancing = false
  internal                         = true
  load_balancer_type               = "network"
  name                             = "api-dev-k8s-local"
  security_groups                  = [aws_security_group.api-elb-dev-k8s-local.id]
  subnet_mapping {
    subnet_id = "subnet-0bb2222222222222a"
  }
  subnet_mapping {
    subnet_id = "subnet-0bb2222222222222b"
  }
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "api.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

resource "aws_lb_listener" "api-dev-k8s-local-443" {
  default_action {
    target_group_arn = aws_lb_target_group.tcp-dev-k8s-local.id
    type             = "forward"
  }
  load_balancer_arn = aws_lb.api-dev-k8s-local.id
  port              = 443
  protocol          = "TCP"
}

resource "aws_lb_target_group" "tcp-dev-k8s-local" {
  health_check {
    healthy_threshold   = 2
    interval            = 10
    protocol            = "TCP"
    unhealthy_threshold = 2
  }
  name     = "tcp-dev-k8s-local"
  port     = 443
  protocol = "TCP"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "tcp-dev-k8s-local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_s3_object" "cluster-completed-spec" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_cluster-completed.spec_content")
  key                    = "dev.k8s.local/cluster-completed.spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-aws-cloud-controller-addons-k8s-io-k8s-1-18" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-aws-cloud-controller.addons.k8s.io-k8s-1.18_content")
  key                    = "dev.k8s.local/addons/aws-cloud-controller.addons.k8s.io/k8s-1.18.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-aws-ebs-csi-driver-addons-k8s-io-k8s-1-17" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-aws-ebs-csi-driver.addons.k8s.io-k8s-1.17_content")
  key                    = "dev.k8s.local/addons/aws-ebs-csi-driver.addons.k8s.io/k8s-1.17.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-bootstrap" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-bootstrap_content")
  key                    = "dev.k8s.local/addons/bootstrap-channel.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-cluster-autoscaler-addons-k8s-io-k8s-1-15" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-cluster-autoscaler.addons.k8s.io-k8s-1.15_content")
  key                    = "dev.k8s.local/addons/cluster-autoscaler.addons.k8s.io/k8s-1.15.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-coredns-addons-k8s-io-k8s-1-12" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-coredns.addons.k8s.io-k8s-1.12_content")
  key                    = "dev.k8s.local/addons/coredns.addons.k8s.io/k8s-1.12.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-kops-controller-addons-k8s-io-k8s-1-16" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-kops-controller.addons.k8s.io-k8s-1.16_content")
  key                    = "dev.k8s.local/addons/kops-controller.addons.k8s.io/k8s-1.16.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-kubelet-api-rbac-addons-k8s-io-k8s-1-9" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-kubelet-api.rbac.addons.k8s.io-k8s-1.9_content")
  key                    = "dev.k8s.local/addons/kubelet-api.rbac.addons.k8s.io/k8s-1.9.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-limit-range-addons-k8s-io" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-limit-range.addons.k8s.io_content")
  key                    = "dev.k8s.local/addons/limit-range.addons.k8s.io/v1.5.0.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-metrics-server-addons-k8s-io-k8s-1-11" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-metrics-server.addons.k8s.io-k8s-1.11_content")
  key                    = "dev.k8s.local/addons/metrics-server.addons.k8s.io/k8s-1.11.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-networking-projectcalico-org-k8s-1-25" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-networking.projectcalico.org-k8s-1.25_content")
  key                    = "dev.k8s.local/addons/networking.projectcalico.org/k8s-1.25.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-node-termination-handler-aws-k8s-1-11" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-node-termination-handler.aws-k8s-1.11_content")
  key                    = "dev.k8s.local/addons/node-termination-handler.aws/k8s-1.11.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "dev-k8s-local-addons-storage-aws-addons-k8s-io-v1-15-0" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_dev.k8s.local-addons-storage-aws.addons.k8s.io-v1.15.0_content")
  key                    = "dev.k8s.local/addons/storage-aws.addons.k8s.io/v1.15.0.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "etcd-cluster-spec-events" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_etcd-cluster-spec-events_content")
  key                    = "dev.k8s.local/backups/etcd/events/control/etcd-cluster-spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "etcd-cluster-spec-main" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_etcd-cluster-spec-main_content")
  key                    = "dev.k8s.local/backups/etcd/main/control/etcd-cluster-spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "kops-version-txt" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_kops-version.txt_content")
  key                    = "dev.k8s.local/kops-version.txt"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-events-master-us-east-1a" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-events-master-us-east-1a_content")
  key                    = "dev.k8s.local/manifests/etcd/events-master-us-east-1a.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-main-master-us-east-1a" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-main-master-us-east-1a_content")
  key                    = "dev.k8s.local/manifests/etcd/main-master-us-east-1a.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-static-kube-apiserver-healthcheck" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_manifests-static-kube-apiserver-healthcheck_content")
  key                    = "dev.k8s.local/manifests/static/kube-apiserver-healthcheck.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-batch-spot" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-batch-spot_content")
  key                    = "dev.k8s.local/igconfig/node/batch-spot/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-master-us-east-1a" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-master-us-east-1a_content")
  key                    = "dev.k8s.local/igconfig/control-plane/master-us-east-1a/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-nodes" {
  bucket                 = "acme-dev-kops-state-dev-k8s-local"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-nodes_content")
  key                    = "dev.k8s.local/igconfig/node/nodes/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_security_group" "api-elb-dev-k8s-local" {
  description = "Security group for api ELB"
  name        = "api-elb.dev.k8s.local"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "api-elb.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_security_group" "masters-dev-k8s-local" {
  description = "Security group for masters"
  name        = "masters.dev.k8s.local"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "masters.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_security_group" "nodes-dev-k8s-local" {
  description = "Security group for nodes"
  name        = "nodes.dev.k8s.local"
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "nodes.dev.k8s.local"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
  vpc_id = "vpc-0a1b2c3d4e5f60718"
}

resource "aws_security_group_rule" "from-172-18-0-0--20-ingress-tcp-22to22-masters-dev-k8s-local" {
  cidr_blocks       = ["172.18.0.0/20"]
  from_port         = 22
  protocol          = "tcp"
  security_group_id = aws_security_group.masters-dev-k8s-local.id
  to_port           = 22
  type              = "ingress"
}

resource "aws_security_group_rule" "from-172-18-0-0--20-ingress-tcp-22to22-nodes-dev-k8s-local" {
  cidr_blocks       = ["172.18.0.0/20"]
  from_port         = 22
  protocol          = "tcp"
  security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port           = 22
  type              = "ingress"
}

resource "aws_security_group_rule" "from-172-18-0-0--20-ingress-tcp-443to443-api-elb-dev-k8s-local" {
  cidr_blocks       = ["172.18.0.0/20"]
  from_port         = 443
  protocol          = "tcp"
  security_group_id = aws_security_group.api-elb-dev-k8s-local.id
  to_port           = 443
  type              = "ingress"
}

resource "aws_security_group_rule" "from-api-elb-dev-k8s-local-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.api-elb-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-api-elb-dev-k8s-local-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.api-elb-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-api-elb-dev-k8s-local-ingress-tcp-443to443-masters-dev-k8s-local" {
  from_port                = 443
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.api-elb-dev-k8s-local.id
  to_port                  = 443
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-masters-dev-k8s-local-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.masters-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-masters-dev-k8s-local-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.masters-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-masters-dev-k8s-local-ingress-all-0to0-masters-dev-k8s-local" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.masters-dev-k8s-local.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-masters-dev-k8s-local-ingress-all-0to0-nodes-dev-k8s-local" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.nodes-dev-k8s-local.id
  source_security_group_id = aws_security_group.masters-dev-k8s-local.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-ingress-all-0to0-nodes-dev-k8s-local" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.nodes-dev-k8s-local.id
  source_security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-ingress-tcp-1to2379-masters-dev-k8s-local" {
  from_port                = 1
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port                  = 2379
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-ingress-tcp-2382to4000-masters-dev-k8s-local" {
  from_port                = 2382
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port                  = 4000
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-ingress-tcp-4003to65535-masters-dev-k8s-local" {
  from_port                = 4003
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port                  = 65535
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-dev-k8s-local-ingress-udp-1to65535-masters-dev-k8s-local" {
  from_port                = 1
  protocol                 = "udp"
  security_group_id        = aws_security_group.masters-dev-k8s-local.id
  source_security_group_id = aws_security_group.nodes-dev-k8s-local.id
  to_port                  = 65535
  type                     = "ingress"
}

resource "aws_sqs_queue" "dev-k8s-local-nth" {
  message_retention_seconds = 300
  name                      = "dev-k8s-local-nth"
  policy                    = file("${path.module}/data/aws_sqs_queue_dev-k8s-local-nth_policy")
  tags = {
    "Backup"                              = "True"
    "Environment"                         = "dev"
    "KubernetesCluster"                   = "dev.k8s.local"
    "Name"                                = "dev-k8s-local-nth"
    "Provisioner"                         = "kops"
    "Service"                             = "kubernetes"
    "kubernetes.io/cluster/dev.k8s.local" = "owned"
  }
}

data "aws_vpc" "dev-k8s-local" {
  id = "vpc-0a1b2c3d4e5f60718"
}
