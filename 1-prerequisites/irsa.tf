# IAM roles for service accounts: kOps publishes the OIDC discovery documents in this bucket, which
# AWS STS must read anonymously, so objects are public-read while ACLs stay disabled.

resource "aws_s3_bucket" "irsa" {
  count  = var.irsa_enabled ? 1 : 0
  bucket = local.irsa_bucket_name
}

resource "aws_s3_bucket_public_access_block" "irsa" {
  count                   = var.irsa_enabled ? 1 : 0
  bucket                  = aws_s3_bucket.irsa[0].id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "irsa_public_read" {
  count  = var.irsa_enabled ? 1 : 0
  bucket = aws_s3_bucket.irsa[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicReadDiscovery"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.irsa[0].arn}/*"
    }]
  })
}
