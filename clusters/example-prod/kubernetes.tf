locals {
  bastion_autoscaling_group_ids = [aws_autoscaling_group.bastions-prod-k8s-acme-io.id]
  bastion_security_group_ids    = [aws_security_group.bastion-prod-k8s-acme-io.id]
  bastions_role_arn             = aws_iam_role.bastions-prod-k8s-acme-io.arn
  bastions_role_name            = aws_iam_role.bastions-prod-k8s-acme-io.name
  cluster_name                  = "prod.k8s.acme.io"
  master_autoscaling_group_ids  = [aws_autoscaling_group.master-eu-west-1a-masters-prod-k8s-acme-io.id, aws_autoscaling_group.master-eu-west-1b-masters-prod-k8s-acme-io.id, aws_autoscaling_group.master-eu-west-1c-masters-prod-k8s-acme-io.id]
  master_security_group_ids     = [aws_security_group.masters-prod-k8s-acme-io.id]
  masters_role_arn              = aws_iam_role.masters-prod-k8s-acme-io.arn
  masters_role_name             = aws_iam_role.masters-prod-k8s-acme-io.name
  node_security_group_ids       = [aws_security_group.nodes-prod-k8s-acme-io.id]
  node_subnet_ids               = ["subnet-0ee555555555555a2", "subnet-0ee555555555555b2", "subnet-0ee555555555555c2"]
  nodes_role_arn                = aws_iam_role.nodes-prod-k8s-acme-io.arn
  nodes_role_name               = aws_iam_role.nodes-prod-k8s-acme-io.name
  region                        = "eu-west-1"
  subnet_eu-west-1a_id          = "subnet-0ee555555555555a2"
  subnet_eu-west-1b_id          = "subnet-0ee555555555555b2"
  subnet_eu-west-1c_id          = "subnet-0ee555555555555c2"
  subnet_ids                    = ["subnet-0dd444444444444a1", "subnet-0dd444444444444b1", "subnet-0dd444444444444c1", "subnet-0ee555555555555a2", "subnet-0ee555555555555b2", "subnet-0ee555555555555c2"]
  subnet_utility-eu-west-1a_id  = "subnet-0dd444444444444a1"
  subnet_utility-eu-west-1b_id  = "subnet-0dd444444444444b1"
  subnet_utility-eu-west-1c_id  = "subnet-0dd444444444444c1"
  vpc_cidr_block                = data.aws_vpc.prod-k8s-acme-io.cidr_block
  vpc_id                        = "vpc-0f1e2d3c4b5a69788"
  vpc_ipv6_cidr_block           = data.aws_vpc.prod-k8s-acme-io.ipv6_cidr_block
  vpc_ipv6_cidr_length          = local.vpc_ipv6_cidr_block == "" ? null : tonumber(regex(".*/(\\d+)", local.vpc_ipv6_cidr_block)[0])
}

output "bastion_autoscaling_group_ids" {
  value = [aws_autoscaling_group.bastions-prod-k8s-acme-io.id]
}

output "bastion_security_group_ids" {
  value = [aws_security_group.bastion-prod-k8s-acme-io.id]
}

output "bastions_role_arn" {
  value = aws_iam_role.bastions-prod-k8s-acme-io.arn
}

output "bastions_role_name" {
  value = aws_iam_role.bastions-prod-k8s-acme-io.name
}

output "cluster_name" {
  value = "prod.k8s.acme.io"
}

output "master_autoscaling_group_ids" {
  value = [aws_autoscaling_group.master-eu-west-1a-masters-prod-k8s-acme-io.id, aws_autoscaling_group.master-eu-west-1b-masters-prod-k8s-acme-io.id, aws_autoscaling_group.master-eu-west-1c-masters-prod-k8s-acme-io.id]
}

output "master_security_group_ids" {
  value = [aws_security_group.masters-prod-k8s-acme-io.id]
}

output "masters_role_arn" {
  value = aws_iam_role.masters-prod-k8s-acme-io.arn
}

output "masters_role_name" {
  value = aws_iam_role.masters-prod-k8s-acme-io.name
}

output "node_security_group_ids" {
  value = [aws_security_group.nodes-prod-k8s-acme-io.id]
}

output "node_subnet_ids" {
  value = ["subnet-0ee555555555555a2", "subnet-0ee555555555555b2", "subnet-0ee555555555555c2"]
}

output "nodes_role_arn" {
  value = aws_iam_role.nodes-prod-k8s-acme-io.arn
}

output "nodes_role_name" {
  value = aws_iam_role.nodes-prod-k8s-acme-io.name
}

output "region" {
  value = "eu-west-1"
}

output "subnet_eu-west-1a_id" {
  value = "subnet-0ee555555555555a2"
}

output "subnet_eu-west-1b_id" {
  value = "subnet-0ee555555555555b2"
}

output "subnet_eu-west-1c_id" {
  value = "subnet-0ee555555555555c2"
}

output "subnet_ids" {
  value = ["subnet-0dd444444444444a1", "subnet-0dd444444444444b1", "subnet-0dd444444444444c1", "subnet-0ee555555555555a2", "subnet-0ee555555555555b2", "subnet-0ee555555555555c2"]
}

output "subnet_utility-eu-west-1a_id" {
  value = "subnet-0dd444444444444a1"
}

output "subnet_utility-eu-west-1b_id" {
  value = "subnet-0dd444444444444b1"
}

output "subnet_utility-eu-west-1c_id" {
  value = "subnet-0dd444444444444c1"
}

output "vpc_cidr_block" {
  value = data.aws_vpc.prod-k8s-acme-io.cidr_block
}

output "vpc_id" {
  value = "vpc-0f1e2d3c4b5a69788"
}

output "vpc_ipv6_cidr_block" {
  value = data.aws_vpc.prod-k8s-acme-io.ipv6_cidr_block
}

output "vpc_ipv6_cidr_length" {
  value = local.vpc_ipv6_cidr_block == "" ? null : tonumber(regex(".*/(\\d+)", local.vpc_ipv6_cidr_block)[0])
}

resource "aws_autoscaling_group" "bastions-prod-k8s-acme-io" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.bastions-prod-k8s-acme-io.id
    version = aws_launch_template.bastions-prod-k8s-acme-io.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 1
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "bastions.prod.k8s.acme.io"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "prod"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "prod.k8s.acme.io"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "bastions.prod.k8s.acme.io"
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
    key                 = "k8s.io/role/bastion"
    propagate_at_launch = true
    value               = "1"
  }
  tag {
    key                 = "kops.k8s.io/instancegroup"
    propagate_at_launch = true
    value               = "bastions"
  }
  tag {
    key                 = "kubernetes.io/cluster/prod.k8s.acme.io"
    propagate_at_launch = true
    value               = "owned"
  }
  target_group_arns   = [aws_lb_target_group.bastion-prod-k8s-acme-io.id]
  vpc_zone_identifier = ["subnet-0dd444444444444a1", "subnet-0dd444444444444b1", "subnet-0dd444444444444c1"]
}

resource "aws_autoscaling_group" "master-eu-west-1a-masters-prod-k8s-acme-io" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.master-eu-west-1a-masters-prod-k8s-acme-io.id
    version = aws_launch_template.master-eu-west-1a-masters-prod-k8s-acme-io.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 1
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "master-eu-west-1a.masters.prod.k8s.acme.io"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "prod"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "prod.k8s.acme.io"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "master-eu-west-1a.masters.prod.k8s.acme.io"
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
    value               = "master-eu-west-1a"
  }
  tag {
    key                 = "kubernetes.io/cluster/prod.k8s.acme.io"
    propagate_at_launch = true
    value               = "owned"
  }
  target_group_arns   = [aws_lb_target_group.tcp-prod-k8s-acme-io.id]
  vpc_zone_identifier = ["subnet-0ee555555555555a2"]
}

resource "aws_autoscaling_group" "master-eu-west-1b-masters-prod-k8s-acme-io" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.master-eu-west-1b-masters-prod-k8s-acme-io.id
    version = aws_launch_template.master-eu-west-1b-masters-prod-k8s-acme-io.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 1
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "master-eu-west-1b.masters.prod.k8s.acme.io"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "prod"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "prod.k8s.acme.io"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "master-eu-west-1b.masters.prod.k8s.acme.io"
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
    value               = "master-eu-west-1b"
  }
  tag {
    key                 = "kubernetes.io/cluster/prod.k8s.acme.io"
    propagate_at_launch = true
    value               = "owned"
  }
  target_group_arns   = [aws_lb_target_group.tcp-prod-k8s-acme-io.id]
  vpc_zone_identifier = ["subnet-0ee555555555555b2"]
}

resource "aws_autoscaling_group" "master-eu-west-1c-masters-prod-k8s-acme-io" {
  enabled_metrics = ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "GroupMinSize", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances", "GroupTotalInstances"]
  launch_template {
    id      = aws_launch_template.master-eu-west-1c-masters-prod-k8s-acme-io.id
    version = aws_launch_template.master-eu-west-1c-masters-prod-k8s-acme-io.latest_version
  }
  max_instance_lifetime = 0
  max_size              = 1
  metrics_granularity   = "1Minute"
  min_size              = 1
  name                  = "master-eu-west-1c.masters.prod.k8s.acme.io"
  protect_from_scale_in = false
  tag {
    key                 = "Backup"
    propagate_at_launch = true
    value               = "True"
  }
  tag {
    key                 = "Environment"
    propagate_at_launch = true
    value               = "prod"
  }
  tag {
    key                 = "KubernetesCluster"
    propagate_at_launch = true
    value               = "prod.k8s.acme.io"
  }
  tag {
    key                 = "Name"
    propagate_at_launch = true
    value               = "master-eu-west-1c.masters.prod.k8s.acme.io"
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
    value               = "master-eu-west-1c"
  }
  tag {
    key                 = "kubernetes.io/cluster/prod.k8s.acme.io"
    propagate_at_launch = true
    value               = "owned"
  }
  target_group_arns   = [aws_lb_target_group.tcp-prod-k8s-acme-io.id]
  vpc_zone_identifier = ["subnet-0ee555555555555c2"]
}

resource "aws_autoscaling_lifecycle_hook" "master-eu-west-1a-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.master-eu-west-1a-masters-prod-k8s-acme-io.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "master-eu-west-1a-NTHLifecycleHook"
}

resource "aws_autoscaling_lifecycle_hook" "master-eu-west-1b-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.master-eu-west-1b-masters-prod-k8s-acme-io.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "master-eu-west-1b-NTHLifecycleHook"
}

resource "aws_autoscaling_lifecycle_hook" "master-eu-west-1c-NTHLifecycleHook" {
  autoscaling_group_name = aws_autoscaling_group.master-eu-west-1c-masters-prod-k8s-acme-io.id
  default_result         = "CONTINUE"
  heartbeat_timeout      = 300
  lifecycle_transition   = "autoscaling:EC2_INSTANCE_TERMINATING"
  name                   = "master-eu-west-1c-NTHLifecycleHook"
}

resource "aws_cloudwatch_event_rule" "prod-k8s-acme-io-ASGLifecycle" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_prod.k8s.acme.io-ASGLifecycle_event_pattern")
  name          = "prod.k8s.acme.io-ASGLifecycle"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod.k8s.acme.io-ASGLifecycle"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "prod-k8s-acme-io-InstanceScheduledChange" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_prod.k8s.acme.io-InstanceScheduledChange_event_pattern")
  name          = "prod.k8s.acme.io-InstanceScheduledChange"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod.k8s.acme.io-InstanceScheduledChange"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "prod-k8s-acme-io-InstanceStateChange" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_prod.k8s.acme.io-InstanceStateChange_event_pattern")
  name          = "prod.k8s.acme.io-InstanceStateChange"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod.k8s.acme.io-InstanceStateChange"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_cloudwatch_event_rule" "prod-k8s-acme-io-SpotInterruption" {
  event_pattern = file("${path.module}/data/aws_cloudwatch_event_rule_prod.k8s.acme.io-SpotInterruption_event_pattern")
  name          = "prod.k8s.acme.io-SpotInterruption"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod.k8s.acme.io-SpotInterruption"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_cloudwatch_event_target" "prod-k8s-acme-io-ASGLifecycle-Target" {
  arn  = aws_sqs_queue.prod-k8s-acme-io-nth.arn
  rule = aws_cloudwatch_event_rule.prod-k8s-acme-io-ASGLifecycle.id
}

resource "aws_cloudwatch_event_target" "prod-k8s-acme-io-InstanceScheduledChange-Target" {
  arn  = aws_sqs_queue.prod-k8s-acme-io-nth.arn
  rule = aws_cloudwatch_event_rule.prod-k8s-acme-io-InstanceScheduledChange.id
}

resource "aws_cloudwatch_event_target" "prod-k8s-acme-io-InstanceStateChange-Target" {
  arn  = aws_sqs_queue.prod-k8s-acme-io-nth.arn
  rule = aws_cloudwatch_event_rule.prod-k8s-acme-io-InstanceStateChange.id
}

resource "aws_cloudwatch_event_target" "prod-k8s-acme-io-SpotInterruption-Target" {
  arn  = aws_sqs_queue.prod-k8s-acme-io-nth.arn
  rule = aws_cloudwatch_event_rule.prod-k8s-acme-io-SpotInterruption.id
}

resource "aws_ebs_volume" "a-etcd-events-prod-k8s-acme-io" {
  availability_zone = "eu-west-1a"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "a.etcd-events.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/events"                     = "a/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "a-etcd-main-prod-k8s-acme-io" {
  availability_zone = "eu-west-1a"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "a.etcd-main.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/main"                       = "a/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "b-etcd-events-prod-k8s-acme-io" {
  availability_zone = "eu-west-1b"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "b.etcd-events.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/events"                     = "b/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "b-etcd-main-prod-k8s-acme-io" {
  availability_zone = "eu-west-1b"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "b.etcd-main.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/main"                       = "b/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "c-etcd-events-prod-k8s-acme-io" {
  availability_zone = "eu-west-1c"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "c.etcd-events.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/events"                     = "c/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_ebs_volume" "c-etcd-main-prod-k8s-acme-io" {
  availability_zone = "eu-west-1c"
  encrypted         = true
  iops              = 3000
  size              = 20
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "c.etcd-main.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/etcd/main"                       = "c/a,b,c"
    "k8s.io/role/control-plane"              = "1"
    "k8s.io/role/master"                     = "1"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  throughput = 125
  type       = "gp3"
}

resource "aws_iam_instance_profile" "bastions-prod-k8s-acme-io" {
  name = "bastions.prod.k8s.acme.io"
  role = aws_iam_role.bastions-prod-k8s-acme-io.name
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastions.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_instance_profile" "masters-prod-k8s-acme-io" {
  name = "masters.prod.k8s.acme.io"
  role = aws_iam_role.masters-prod-k8s-acme-io.name
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "masters.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_instance_profile" "nodes-prod-k8s-acme-io" {
  name = "nodes.prod.k8s.acme.io"
  role = aws_iam_role.nodes-prod-k8s-acme-io.name
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "nodes.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_role" "bastions-prod-k8s-acme-io" {
  assume_role_policy = file("${path.module}/data/aws_iam_role_bastions.prod.k8s.acme.io_policy")
  name               = "bastions.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastions.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_role" "masters-prod-k8s-acme-io" {
  assume_role_policy = file("${path.module}/data/aws_iam_role_masters.prod.k8s.acme.io_policy")
  name               = "masters.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "masters.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_role" "nodes-prod-k8s-acme-io" {
  assume_role_policy = file("${path.module}/data/aws_iam_role_nodes.prod.k8s.acme.io_policy")
  name               = "nodes.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "nodes.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_iam_role_policy" "bastions-prod-k8s-acme-io" {
  name   = "bastions.prod.k8s.acme.io"
  policy = file("${path.module}/data/aws_iam_role_policy_bastions.prod.k8s.acme.io_policy")
  role   = aws_iam_role.bastions-prod-k8s-acme-io.name
}

resource "aws_iam_role_policy" "masters-prod-k8s-acme-io" {
  name   = "masters.prod.k8s.acme.io"
  policy = file("${path.module}/data/aws_iam_role_policy_masters.prod.k8s.acme.io_policy")
  role   = aws_iam_role.masters-prod-k8s-acme-io.name
}

resource "aws_iam_role_policy" "nodes-prod-k8s-acme-io" {
  name   = "nodes.prod.k8s.acme.io"
  policy = file("${path.module}/data/aws_iam_role_policy_nodes.prod.k8s.acme.io_policy")
  role   = aws_iam_role.nodes-prod-k8s-acme-io.name
}

resource "aws_key_pair" "kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e" {
  key_name   = "kubernetes.prod.k8s.acme.io-dc:56:88:b3:88:2f:d2:ed:17:cf:a0:34:6c:b4:e1:1e"
  public_key = file("${path.module}/data/aws_key_pair_kubernetes.prod.k8s.acme.io-dc5688b3882fd2ed17cfa0346cb4e11e_public_key")
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_launch_template" "bastions-prod-k8s-acme-io" {
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      delete_on_termination = true
      encrypted             = true
      iops                  = 3000
      throughput            = 125
      volume_size           = 32
      volume_type           = "gp3"
    }
  }
  iam_instance_profile {
    name = aws_iam_instance_profile.bastions-prod-k8s-acme-io.id
  }
  image_id      = "ami-0905a3c97561e0b69"
  instance_type = "t3.micro"
  key_name      = aws_key_pair.kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e.id
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
  name = "bastions.prod.k8s.acme.io"
  network_interfaces {
    associate_public_ip_address = true
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.bastion-prod-k8s-acme-io.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                 = "True"
      "Environment"                            = "prod"
      "KubernetesCluster"                      = "prod.k8s.acme.io"
      "Name"                                   = "bastions.prod.k8s.acme.io"
      "Provisioner"                            = "kops"
      "Service"                                = "kubernetes"
      "k8s.io/role/bastion"                    = "1"
      "kops.k8s.io/instancegroup"              = "bastions"
      "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                 = "True"
      "Environment"                            = "prod"
      "KubernetesCluster"                      = "prod.k8s.acme.io"
      "Name"                                   = "bastions.prod.k8s.acme.io"
      "Provisioner"                            = "kops"
      "Service"                                = "kubernetes"
      "k8s.io/role/bastion"                    = "1"
      "kops.k8s.io/instancegroup"              = "bastions"
      "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
    }
  }
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastions.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "k8s.io/role/bastion"                    = "1"
    "kops.k8s.io/instancegroup"              = "bastions"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_bastions.prod.k8s.acme.io_user_data")
}

resource "aws_launch_template" "master-eu-west-1a-masters-prod-k8s-acme-io" {
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
    name = aws_iam_instance_profile.masters-prod-k8s-acme-io.id
  }
  image_id      = "ami-0905a3c97561e0b69"
  instance_type = "m5.large"
  key_name      = aws_key_pair.kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e.id
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
  name = "master-eu-west-1a.masters.prod.k8s.acme.io"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.masters-prod-k8s-acme-io.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1a.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1a"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1a.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1a"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tags = {
    "Backup"                                                                                                = "True"
    "Environment"                                                                                           = "prod"
    "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
    "Name"                                                                                                  = "master-eu-west-1a.masters.prod.k8s.acme.io"
    "Provisioner"                                                                                           = "kops"
    "Service"                                                                                               = "kubernetes"
    "aws-node-termination-handler/managed"                                                                  = ""
    "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
    "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
    "k8s.io/role/control-plane"                                                                             = "1"
    "k8s.io/role/master"                                                                                    = "1"
    "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1a"
    "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_master-eu-west-1a.masters.prod.k8s.acme.io_user_data")
}

resource "aws_launch_template" "master-eu-west-1b-masters-prod-k8s-acme-io" {
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
    name = aws_iam_instance_profile.masters-prod-k8s-acme-io.id
  }
  image_id      = "ami-0905a3c97561e0b69"
  instance_type = "m5.large"
  key_name      = aws_key_pair.kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e.id
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
  name = "master-eu-west-1b.masters.prod.k8s.acme.io"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.masters-prod-k8s-acme-io.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1b.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1b"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1b.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1b"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tags = {
    "Backup"                                                                                                = "True"
    "Environment"                                                                                           = "prod"
    "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
    "Name"                                                                                                  = "master-eu-west-1b.masters.prod.k8s.acme.io"
    "Provisioner"                                                                                           = "kops"
    "Service"                                                                                               = "kubernetes"
    "aws-node-termination-handler/managed"                                                                  = ""
    "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
    "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
    "k8s.io/role/control-plane"                                                                             = "1"
    "k8s.io/role/master"                                                                                    = "1"
    "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1b"
    "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_master-eu-west-1b.masters.prod.k8s.acme.io_user_data")
}

resource "aws_launch_template" "master-eu-west-1c-masters-prod-k8s-acme-io" {
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
    name = aws_iam_instance_profile.masters-prod-k8s-acme-io.id
  }
  image_id      = "ami-0905a3c97561e0b69"
  instance_type = "m5.large"
  key_name      = aws_key_pair.kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e.id
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
  name = "master-eu-west-1c.masters.prod.k8s.acme.io"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.masters-prod-k8s-acme-io.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1c.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1c"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                                                = "True"
      "Environment"                                                                                           = "prod"
      "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
      "Name"                                                                                                  = "master-eu-west-1c.masters.prod.k8s.acme.io"
      "Provisioner"                                                                                           = "kops"
      "Service"                                                                                               = "kubernetes"
      "aws-node-termination-handler/managed"                                                                  = ""
      "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
      "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
      "k8s.io/role/control-plane"                                                                             = "1"
      "k8s.io/role/master"                                                                                    = "1"
      "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1c"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
    }
  }
  tags = {
    "Backup"                                                                                                = "True"
    "Environment"                                                                                           = "prod"
    "KubernetesCluster"                                                                                     = "prod.k8s.acme.io"
    "Name"                                                                                                  = "master-eu-west-1c.masters.prod.k8s.acme.io"
    "Provisioner"                                                                                           = "kops"
    "Service"                                                                                               = "kubernetes"
    "aws-node-termination-handler/managed"                                                                  = ""
    "k8s.io/cluster-autoscaler/node-template/label/kops.k8s.io/kops-controller-pki"                         = ""
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/control-plane"                   = ""
    "k8s.io/cluster-autoscaler/node-template/label/node.kubernetes.io/exclude-from-external-load-balancers" = ""
    "k8s.io/role/control-plane"                                                                             = "1"
    "k8s.io/role/master"                                                                                    = "1"
    "kops.k8s.io/instancegroup"                                                                             = "master-eu-west-1c"
    "kubernetes.io/cluster/prod.k8s.acme.io"                                                                = "owned"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_master-eu-west-1c.masters.prod.k8s.acme.io_user_data")
}

resource "aws_launch_template" "nodes-prod-k8s-acme-io" {
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
    name = aws_iam_instance_profile.nodes-prod-k8s-acme-io.id
  }
  image_id      = "ami-0905a3c97561e0b69"
  instance_type = "m5.xlarge"
  key_name      = aws_key_pair.kubernetes-prod-k8s-acme-io-dc5688b3882fd2ed17cfa0346cb4e11e.id
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
  name = "nodes.prod.k8s.acme.io"
  network_interfaces {
    associate_public_ip_address = false
    delete_on_termination       = true
    ipv6_address_count          = 0
    security_groups             = [aws_security_group.nodes-prod-k8s-acme-io.id]
  }
  tag_specifications {
    resource_type = "instance"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "prod"
      "KubernetesCluster"                                                          = "prod.k8s.acme.io"
      "Name"                                                                       = "nodes.prod.k8s.acme.io"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "cost-center"                                                                = "4711"
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "nodes"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                     = "owned"
      "team"                                                                       = "platform"
    }
  }
  tag_specifications {
    resource_type = "volume"
    tags = {
      "Backup"                                                                     = "True"
      "Environment"                                                                = "prod"
      "KubernetesCluster"                                                          = "prod.k8s.acme.io"
      "Name"                                                                       = "nodes.prod.k8s.acme.io"
      "Provisioner"                                                                = "kops"
      "Service"                                                                    = "kubernetes"
      "aws-node-termination-handler/managed"                                       = ""
      "cost-center"                                                                = "4711"
      "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
      "k8s.io/role/node"                                                           = "1"
      "kops.k8s.io/instancegroup"                                                  = "nodes"
      "kubernetes.io/cluster/prod.k8s.acme.io"                                     = "owned"
      "team"                                                                       = "platform"
    }
  }
  tags = {
    "Backup"                                                                     = "True"
    "Environment"                                                                = "prod"
    "KubernetesCluster"                                                          = "prod.k8s.acme.io"
    "Name"                                                                       = "nodes.prod.k8s.acme.io"
    "Provisioner"                                                                = "kops"
    "Service"                                                                    = "kubernetes"
    "aws-node-termination-handler/managed"                                       = ""
    "cost-center"                                                                = "4711"
    "k8s.io/cluster-autoscaler/node-template/label/node-role.kubernetes.io/node" = ""
    "k8s.io/role/node"                                                           = "1"
    "kops.k8s.io/instancegroup"                                                  = "nodes"
    "kubernetes.io/cluster/prod.k8s.acme.io"                                     = "owned"
    "team"                                                                       = "platform"
  }
  user_data = filebase64("${path.module}/data/aws_launch_template_nodes.prod.k8s.acme.io_user_data")
}

resource "aws_lb" "api-prod-k8s-acme-io" {
  enable_cross_zone_load_balancing = false
  internal                         = true
  load_balancer_type               = "network"
  name                             = "api-prod-k8s-acme-io"
  security_groups                  = [aws_security_group.api-elb-prod-k8s-acme-io.id]
  subnet_mapping {
    subnet_id = "subnet-0ee555555555555a2"
  }
  subnet_mapping {
    subnet_id = "subnet-0ee555555555555b2"
  }
  subnet_mapping {
    subnet_id = "subnet-0ee555555555555c2"
  }
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "api.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_lb" "bastion-prod-k8s-acme-io" {
  enable_cross_zone_load_balancing = false
  internal                         = false
  load_balancer_type               = "network"
  name                             = "bastion-prod-k8s-acme-io"
  security_groups                  = [aws_security_group.bastion-elb-prod-k8s-acme-io.id]
  subnet_mapping {
    subnet_id = "subnet-0dd444444444444a1"
  }
  subnet_mapping {
    subnet_id = "subnet-0dd444444444444b1"
  }
  subnet_mapping {
    subnet_id = "subnet-0dd444444444444c1"
  }
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastion.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

resource "aws_lb_listener" "api-prod-k8s-acme-io-443" {
  default_action {
    target_group_arn = aws_lb_target_group.tcp-prod-k8s-acme-io.id
    type             = "forward"
  }
  load_balancer_arn = aws_lb.api-prod-k8s-acme-io.id
  port              = 443
  protocol          = "TCP"
}

resource "aws_lb_listener" "bastion-prod-k8s-acme-io-22" {
  default_action {
    target_group_arn = aws_lb_target_group.bastion-prod-k8s-acme-io.id
    type             = "forward"
  }
  load_balancer_arn = aws_lb.bastion-prod-k8s-acme-io.id
  port              = 22
  protocol          = "TCP"
}

resource "aws_lb_target_group" "bastion-prod-k8s-acme-io" {
  health_check {
    healthy_threshold   = 2
    interval            = 10
    protocol            = "TCP"
    unhealthy_threshold = 2
  }
  name     = "bastion-prod-k8s-acme-io"
  port     = 22
  protocol = "TCP"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastion-prod-k8s-acme-io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_lb_target_group" "tcp-prod-k8s-acme-io" {
  health_check {
    healthy_threshold   = 2
    interval            = 10
    protocol            = "TCP"
    unhealthy_threshold = 2
  }
  name     = "tcp-prod-k8s-acme-io"
  port     = 443
  protocol = "TCP"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "tcp-prod-k8s-acme-io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_s3_object" "cluster-completed-spec" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_cluster-completed.spec_content")
  key                    = "prod.k8s.acme.io/cluster-completed.spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "etcd-cluster-spec-events" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_etcd-cluster-spec-events_content")
  key                    = "prod.k8s.acme.io/backups/etcd/events/control/etcd-cluster-spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "etcd-cluster-spec-main" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_etcd-cluster-spec-main_content")
  key                    = "prod.k8s.acme.io/backups/etcd/main/control/etcd-cluster-spec"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "kops-version-txt" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_kops-version.txt_content")
  key                    = "prod.k8s.acme.io/kops-version.txt"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-events-master-eu-west-1a" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-events-master-eu-west-1a_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/events-master-eu-west-1a.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-events-master-eu-west-1b" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-events-master-eu-west-1b_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/events-master-eu-west-1b.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-events-master-eu-west-1c" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-events-master-eu-west-1c_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/events-master-eu-west-1c.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-main-master-eu-west-1a" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-main-master-eu-west-1a_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/main-master-eu-west-1a.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-main-master-eu-west-1b" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-main-master-eu-west-1b_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/main-master-eu-west-1b.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-etcdmanager-main-master-eu-west-1c" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-etcdmanager-main-master-eu-west-1c_content")
  key                    = "prod.k8s.acme.io/manifests/etcd/main-master-eu-west-1c.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "manifests-static-kube-apiserver-healthcheck" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_manifests-static-kube-apiserver-healthcheck_content")
  key                    = "prod.k8s.acme.io/manifests/static/kube-apiserver-healthcheck.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-bastions" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-bastions_content")
  key                    = "prod.k8s.acme.io/igconfig/bastion/bastions/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-master-eu-west-1a" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-master-eu-west-1a_content")
  key                    = "prod.k8s.acme.io/igconfig/control-plane/master-eu-west-1a/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-master-eu-west-1b" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-master-eu-west-1b_content")
  key                    = "prod.k8s.acme.io/igconfig/control-plane/master-eu-west-1b/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-master-eu-west-1c" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-master-eu-west-1c_content")
  key                    = "prod.k8s.acme.io/igconfig/control-plane/master-eu-west-1c/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "nodeupconfig-nodes" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_nodeupconfig-nodes_content")
  key                    = "prod.k8s.acme.io/igconfig/node/nodes/nodeupconfig.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-aws-cloud-controller-addons-k8s-io-k8s-1-18" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-aws-cloud-controller.addons.k8s.io-k8s-1.18_content")
  key                    = "prod.k8s.acme.io/addons/aws-cloud-controller.addons.k8s.io/k8s-1.18.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-aws-ebs-csi-driver-addons-k8s-io-k8s-1-17" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-aws-ebs-csi-driver.addons.k8s.io-k8s-1.17_content")
  key                    = "prod.k8s.acme.io/addons/aws-ebs-csi-driver.addons.k8s.io/k8s-1.17.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-bootstrap" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-bootstrap_content")
  key                    = "prod.k8s.acme.io/addons/bootstrap-channel.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-cluster-autoscaler-addons-k8s-io-k8s-1-15" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-cluster-autoscaler.addons.k8s.io-k8s-1.15_content")
  key                    = "prod.k8s.acme.io/addons/cluster-autoscaler.addons.k8s.io/k8s-1.15.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-coredns-addons-k8s-io-k8s-1-12" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-coredns.addons.k8s.io-k8s-1.12_content")
  key                    = "prod.k8s.acme.io/addons/coredns.addons.k8s.io/k8s-1.12.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-dns-controller-addons-k8s-io-k8s-1-12" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-dns-controller.addons.k8s.io-k8s-1.12_content")
  key                    = "prod.k8s.acme.io/addons/dns-controller.addons.k8s.io/k8s-1.12.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-karpenter-sh-k8s-1-19" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-karpenter.sh-k8s-1.19_content")
  key                    = "prod.k8s.acme.io/addons/karpenter.sh/k8s-1.19.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-kops-controller-addons-k8s-io-k8s-1-16" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-kops-controller.addons.k8s.io-k8s-1.16_content")
  key                    = "prod.k8s.acme.io/addons/kops-controller.addons.k8s.io/k8s-1.16.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-kubelet-api-rbac-addons-k8s-io-k8s-1-9" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-kubelet-api.rbac.addons.k8s.io-k8s-1.9_content")
  key                    = "prod.k8s.acme.io/addons/kubelet-api.rbac.addons.k8s.io/k8s-1.9.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-limit-range-addons-k8s-io" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-limit-range.addons.k8s.io_content")
  key                    = "prod.k8s.acme.io/addons/limit-range.addons.k8s.io/v1.5.0.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-metrics-server-addons-k8s-io-k8s-1-11" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-metrics-server.addons.k8s.io-k8s-1.11_content")
  key                    = "prod.k8s.acme.io/addons/metrics-server.addons.k8s.io/k8s-1.11.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-networking-projectcalico-org-k8s-1-25" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-networking.projectcalico.org-k8s-1.25_content")
  key                    = "prod.k8s.acme.io/addons/networking.projectcalico.org/k8s-1.25.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-node-termination-handler-aws-k8s-1-11" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-node-termination-handler.aws-k8s-1.11_content")
  key                    = "prod.k8s.acme.io/addons/node-termination-handler.aws/k8s-1.11.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_s3_object" "prod-k8s-acme-io-addons-storage-aws-addons-k8s-io-v1-15-0" {
  bucket                 = "acme-prod-kops-state-prod-k8s-acme-io"
  content                = file("${path.module}/data/aws_s3_object_prod.k8s.acme.io-addons-storage-aws.addons.k8s.io-v1.15.0_content")
  key                    = "prod.k8s.acme.io/addons/storage-aws.addons.k8s.io/v1.15.0.yaml"
  provider               = aws.files
  server_side_encryption = "AES256"
}

resource "aws_security_group" "api-elb-prod-k8s-acme-io" {
  description = "Security group for api ELB"
  name        = "api-elb.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "api-elb.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_security_group" "bastion-elb-prod-k8s-acme-io" {
  description = "Security group for bastion ELB"
  name        = "bastion-elb.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastion-elb.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_security_group" "bastion-prod-k8s-acme-io" {
  description = "Security group for bastion"
  name        = "bastion.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "bastion.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_security_group" "masters-prod-k8s-acme-io" {
  description = "Security group for masters"
  name        = "masters.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "masters.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_security_group" "nodes-prod-k8s-acme-io" {
  description = "Security group for nodes"
  name        = "nodes.prod.k8s.acme.io"
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "nodes.prod.k8s.acme.io"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
  vpc_id = "vpc-0f1e2d3c4b5a69788"
}

resource "aws_security_group_rule" "from-172-18-0-0--20-ingress-tcp-22to22-bastion-elb-prod-k8s-acme-io" {
  cidr_blocks       = ["172.18.0.0/20"]
  from_port         = 22
  protocol          = "tcp"
  security_group_id = aws_security_group.bastion-elb-prod-k8s-acme-io.id
  to_port           = 22
  type              = "ingress"
}

resource "aws_security_group_rule" "from-172-18-0-0--20-ingress-tcp-443to443-api-elb-prod-k8s-acme-io" {
  cidr_blocks       = ["172.18.0.0/20"]
  from_port         = 443
  protocol          = "tcp"
  security_group_id = aws_security_group.api-elb-prod-k8s-acme-io.id
  to_port           = 443
  type              = "ingress"
}

resource "aws_security_group_rule" "from-api-elb-prod-k8s-acme-io-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.api-elb-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-api-elb-prod-k8s-acme-io-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.api-elb-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-api-elb-prod-k8s-acme-io-ingress-tcp-443to443-masters-prod-k8s-acme-io" {
  from_port                = 443
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.api-elb-prod-k8s-acme-io.id
  to_port                  = 443
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-bastion-elb-prod-k8s-acme-io-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.bastion-elb-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-bastion-elb-prod-k8s-acme-io-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.bastion-elb-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-bastion-elb-prod-k8s-acme-io-ingress-tcp-22to22-bastion-prod-k8s-acme-io" {
  from_port                = 22
  protocol                 = "tcp"
  security_group_id        = aws_security_group.bastion-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.bastion-elb-prod-k8s-acme-io.id
  to_port                  = 22
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-bastion-prod-k8s-acme-io-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.bastion-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-bastion-prod-k8s-acme-io-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.bastion-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-bastion-prod-k8s-acme-io-ingress-tcp-22to22-masters-prod-k8s-acme-io" {
  from_port                = 22
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.bastion-prod-k8s-acme-io.id
  to_port                  = 22
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-bastion-prod-k8s-acme-io-ingress-tcp-22to22-nodes-prod-k8s-acme-io" {
  from_port                = 22
  protocol                 = "tcp"
  security_group_id        = aws_security_group.nodes-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.bastion-prod-k8s-acme-io.id
  to_port                  = 22
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-masters-prod-k8s-acme-io-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.masters-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-masters-prod-k8s-acme-io-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.masters-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-masters-prod-k8s-acme-io-ingress-all-0to0-masters-prod-k8s-acme-io" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.masters-prod-k8s-acme-io.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-masters-prod-k8s-acme-io-ingress-all-0to0-nodes-prod-k8s-acme-io" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.nodes-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.masters-prod-k8s-acme-io.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-egress-all-0to0-0-0-0-0--0" {
  cidr_blocks       = ["0.0.0.0/0"]
  from_port         = 0
  protocol          = "-1"
  security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-egress-all-0to0-__--0" {
  from_port         = 0
  ipv6_cidr_blocks  = ["::/0"]
  protocol          = "-1"
  security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port           = 0
  type              = "egress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-ingress-all-0to0-nodes-prod-k8s-acme-io" {
  from_port                = 0
  protocol                 = "-1"
  security_group_id        = aws_security_group.nodes-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port                  = 0
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-ingress-tcp-1to2379-masters-prod-k8s-acme-io" {
  from_port                = 1
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port                  = 2379
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-ingress-tcp-2382to4000-masters-prod-k8s-acme-io" {
  from_port                = 2382
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port                  = 4000
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-ingress-tcp-4003to65535-masters-prod-k8s-acme-io" {
  from_port                = 4003
  protocol                 = "tcp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port                  = 65535
  type                     = "ingress"
}

resource "aws_security_group_rule" "from-nodes-prod-k8s-acme-io-ingress-udp-1to65535-masters-prod-k8s-acme-io" {
  from_port                = 1
  protocol                 = "udp"
  security_group_id        = aws_security_group.masters-prod-k8s-acme-io.id
  source_security_group_id = aws_security_group.nodes-prod-k8s-acme-io.id
  to_port                  = 65535
  type                     = "ingress"
}

resource "aws_sqs_queue" "prod-k8s-acme-io-nth" {
  message_retention_seconds = 300
  name                      = "prod-k8s-acme-io-nth"
  policy                    = file("${path.module}/data/aws_sqs_queue_prod-k8s-acme-io-nth_policy")
  tags = {
    "Backup"                                 = "True"
    "Environment"                            = "prod"
    "KubernetesCluster"                      = "prod.k8s.acme.io"
    "Name"                                   = "prod-k8s-acme-io-nth"
    "Provisioner"                            = "kops"
    "Service"                                = "kubernetes"
    "kubernetes.io/cluster/prod.k8s.acme.io" = "owned"
  }
}

data "aws_vpc" "prod-k8s-acme-io" {
  id = "vpc-0f1e2d3c4b5a69788"
}
