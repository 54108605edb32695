import t from 'tap'
import { referencedDataFiles } from '../../modules/workflow/mod.ts'

t.test('the data files a kubernetes.tf reads: file() and filebase64(), each once, sorted', async (t) => {
  const tf = [
    'resource "aws_iam_role" "nodes" {',
    '  assume_role_policy = file("${path.module}/data/aws_iam_role_nodes.c_policy")',
    '}',
    'resource "aws_launch_template" "nodes" {',
    '  user_data = filebase64("${path.module}/data/aws_launch_template_nodes.c_user_data")',
    '}',
    'resource "aws_s3_object" "spec" {',
    '  content = file("${path.module}/data/aws_iam_role_nodes.c_policy")',
    '}',
  ].join('\n')
  t.same(referencedDataFiles(tf), ['aws_iam_role_nodes.c_policy', 'aws_launch_template_nodes.c_user_data'])
  t.same(referencedDataFiles('locals {}\n'), [])
})
