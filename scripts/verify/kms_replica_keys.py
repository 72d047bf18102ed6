"""KMS ReplicateKey as AWS answers it, for moto 5.2.5. Imported by moto_server.py; install() patches.

moto's KmsResponse.replicate_key (moto/kms/responses.py) reads only KeyId and ReplicaRegion, and
KmsBackend.replicate_key (moto/kms/models.py) makes the replica a shallow copy of the primary:
- the request's Policy, Description and Tags are dropped, so the replica kept the primary's policy
  and the AWS provider's aws_kms_replica_key, which waits until GetKeyPolicy of the replica equals
  the policy it sent, timed out after 10 minutes ("waiting for KMS Replica Key ... policy update");
  AWS attaches the request's policy, description and tags to the replica (KMS API reference,
  ReplicateKey: Policy, Description, Tags);
- the copy shares the primary's MultiRegionConfiguration dict, so the replica read back as
  "PRIMARY" (the provider refuses it: "is not a multi-Region replica key"), or DescribeKey of the
  replica turned the primary itself into a "REPLICA". Here the replica has its own, "REPLICA".
- it shares the primary's aliases and grants too, so an alias of the same name in the replica's
  region was AlreadyExistsException. AWS shares only key material, id, spec, usage, origin and
  rotation between related multi-Region keys; aliases, grants, policy, description and tags are
  each key's own (AWS KMS Developer Guide, "Multi-Region keys in AWS KMS", shared properties).
"""
import copy
import json

from moto.kms import models as kms
from moto.kms import responses as kms_responses

_backend_replicate = kms.KmsBackend.replicate_key


def _replicate_with_own_configuration(self: kms.KmsBackend, key_id: str, replica_region: str) -> kms.Key:
    replica = _backend_replicate(self, key_id, replica_region)
    replica.multi_region_configuration = copy.deepcopy(replica.multi_region_configuration)
    replica.multi_region_configuration["MultiRegionKeyType"] = "REPLICA"
    replica.aliases = {}
    replica.grants = {}
    return replica


_response_replicate = kms_responses.KmsResponse.replicate_key


def _replicate_with_request_settings(self: kms_responses.KmsResponse) -> str:
    _response_replicate(self)
    region = self._get_param("ReplicaRegion")
    backend = kms.kms_backends[self.current_account][region]
    replica = backend.keys[backend.get_key_id(self._get_param("KeyId"))]
    # Without a Policy AWS gives the replica the default key policy, and without a Description an
    # empty one (ReplicateKey: "If you do not specify a key policy, AWS KMS attaches the default key
    # policy"; Description "Default: empty"): never the primary's, which moto's copy carried.
    replica.policy = self._get_param("Policy") or replica.generate_default_policy()
    replica.description = self._get_param("Description") or ""
    tags = self._get_param("Tags") or []
    if tags:
        backend.tagger.tag_resource(replica.id, tags)
    # moto's answer was made before these were set: the same shape, from the replica as it is now.
    return json.dumps({"ReplicaKeyMetadata": replica.to_dict()["KeyMetadata"], "ReplicaPolicy": replica.policy})


def install() -> None:
    kms.KmsBackend.replicate_key = _replicate_with_own_configuration
    kms_responses.KmsResponse.replicate_key = _replicate_with_request_settings
