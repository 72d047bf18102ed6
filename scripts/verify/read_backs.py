"""Three read-backs of moto 5.2.5 that differ from AWS's, each a second-plan change or a plan error of a
stack verify applies. Imported by moto_server.py; install() patches.

- moto/cloudfront/models.py ViewerCertificate: CloudFrontDefaultCertificate defaults to true when
  the request has none, and the AWS provider sends none with an ACM certificate, so a distribution
  with its own certificate read back as using CloudFront's and planned a change. AWS answers false
  then (CloudFront API reference, ViewerCertificate: with ACMCertificateArn or IAMCertificateId set,
  CloudFrontDefaultCertificate is false). Here the default is true only without a certificate.
- moto/secretsmanager/models.py ReplicaSecret: every replica's ReplicationStatus says KmsKeyId
  "alias/aws/secretsmanager", whatever AddReplicaRegions asked, so a secret replicated under a
  customer key planned replica.kms_key_id again. AWS answers the key the request named (Secrets
  Manager API reference, DescribeSecret: ReplicationStatus.KmsKeyId). Here it is the requested one.
- moto/secretsmanager/models.py get_resource_policy refuses a replica secret ("Operation not
  permitted on a replica secret"), so the standby's aws_secretsmanager_secret data source, which
  reads the policy of the replica in its region, failed the plan. AWS refuses only changes to a
  replica ("A replica secret can't be updated independently from its primary secret, except for its
  encryption key", Secrets Manager User Guide, "Promote a replica secret to a standalone secret") and
  replicates the primary's policy to it ("Secrets Manager replicates the encrypted secret data and
  metadata such as tags and resource policies", Secrets Manager User Guide, "Replicate AWS Secrets
  Manager secrets across Regions"; also lgallard/terraform-aws-secrets-manager#188, tested live).
  Here a replica answers with its own ARN and the primary's policy.
"""
import json
from typing import Any

from moto.cloudfront import models as cloudfront
from moto.secretsmanager import models as secretsmanager

_viewer_certificate_init = cloudfront.ViewerCertificate.__init__


def _viewer_certificate_init_own_certificate(self: cloudfront.ViewerCertificate, config: dict[str, Any]) -> None:
    _viewer_certificate_init(self, config)
    if "CloudFrontDefaultCertificate" not in config and (config.get("ACMCertificateArn") or config.get("IAMCertificateId")):
        self.cloud_front_default_certificate = False


_create_replicas = secretsmanager.FakeSecret.create_replicas


def _create_replicas_with_their_keys(self: Any, replica_regions: list[dict[str, str]], force_overwrite: bool) -> list[Any]:
    replicas = _create_replicas(self, replica_regions, force_overwrite)
    # moto makes one replica per requested region, in the request's order.
    for replica, requested in zip(replicas, replica_regions or []):
        if requested.get("KmsKeyId"):
            replica.config["KmsKeyId"] = requested["KmsKeyId"]
    return replicas


_get_resource_policy = secretsmanager.SecretsManagerBackend.get_resource_policy


def _get_resource_policy_of_replica_too(self: Any, secret_id: str) -> str:
    secret = self.secrets[secret_id] if self._is_valid_identifier(secret_id) else None
    if not isinstance(secret, secretsmanager.ReplicaSecret):
        return _get_resource_policy(self, secret_id)
    answer = {"ARN": secret.arn, "Name": secret.name}
    if secret.source.policy is not None:
        answer["ResourcePolicy"] = secret.source.policy
    return json.dumps(answer)


def install() -> None:
    cloudfront.ViewerCertificate.__init__ = _viewer_certificate_init_own_certificate
    secretsmanager.FakeSecret.create_replicas = _create_replicas_with_their_keys
    secretsmanager.SecretsManagerBackend.get_resource_policy = _get_resource_policy_of_replica_too
