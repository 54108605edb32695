# Non-gossip clusters get a private Route53 zone in their VPC; gossip clusters need none.

resource "aws_route53_zone" "cluster" {
  count = var.gossip_cluster ? 0 : 1
  name  = local.dns_zone_name

  vpc {
    vpc_id = var.vpc_id
  }
}
