"""The AWS emulator `npm run verify` plans and applies against: moto's own server (moto.server.main,
the `moto_server` command), started after two fixes to moto 5.2.5's RDS model. Arguments are
moto_server's (`-H 127.0.0.1 -p PORT`).

Why each fix (moto/rds/models.py, 5.2.5):
- DBInstance.__init__ gives every instance the same DbiResourceId ("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"),
  and create_db_instance_read_replica copies the source, id included. The AWS provider finds an
  instance by that id after creating it, so a replica read back as its primary ("couldn't find
  resource") and its destroy waited forever. Here each instance gets its own id, as in AWS.
- create_db_instance_read_replica of a source in another region (an ARN) looks the replica's subnet
  group up in the source's region (the copy still belongs to the source's backend until the end of
  update()), so a cross-region replica failed with DBSubnetGroupNotFoundFault. Here the copy
  belongs to the destination region's backend before its settings are applied, as in AWS.
  The copy also kept the source's MultiAZ, so a replica of a Multi-AZ primary read back as
  Multi-AZ (a perpetual second-plan change); here it is Multi-AZ only when the request asks.

CloudFront VPC origins, which moto 5.2.5 lacks (CreateVpcOrigin was a 404), are added by
cloudfront_vpc_origins.py beside this file: the calls the AWS provider makes for
aws_cloudfront_vpc_origin, and a distribution's origin keeps its VpcOriginConfig. KMS ReplicateKey
keeps the request's policy, description and tags and makes the replica a "REPLICA"
(kms_replica_keys.py, why there). A distribution with its own certificate and a secret's replica
key read back as sent, and a replica secret answers GetResourcePolicy (read_backs.py).

And Lambda functions are not run (below). Nothing else is changed: what moto lacks otherwise
(automated-backup replication) stays missing, and `npm run verify` reports the resources it could
therefore not apply. One difference in how it is missing: moto answers
StartDBInstanceAutomatedBackupsReplication, which it does not implement, with a 500, which the AWS
SDK retries 25 times with back-off (minutes); here it is a 400 naming the gap, which fails the
resource at once.
"""
import copy
import secrets
import string
import sys

from moto import server
from moto.core.config import default_user_config
from moto.rds import models as rds
from moto.rds import responses as rds_responses
from moto.rds.exceptions import RDSClientError

# The module beside this file is imported from the source tree: no __pycache__ written into it.
sys.dont_write_bytecode = True
# Not named moto_*: moto (core/errors.py) takes an exception module starting with "moto" for one of its own packages.
import cloudfront_vpc_origins  # noqa: E402
import kms_replica_keys  # noqa: E402
import read_backs  # noqa: E402

_ALPHABET = string.ascii_uppercase + string.digits


def _new_resource_id() -> str:
    # AWS's form: "db-" and 26 upper-case letters and digits.
    return "db-" + "".join(secrets.choice(_ALPHABET) for _ in range(26))


_init = rds.DBInstance.__init__


def _init_with_own_id(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.dbi_resource_id = _new_resource_id()


def _create_read_replica(self, db_kwargs):
    # moto's RDSBackend.create_db_instance_read_replica, with the two fixes marked.
    source_id = db_kwargs["source_db_instance_identifier"]
    primary = self.find_db_from_id(source_id)
    replica = copy.copy(primary)
    replica.backend = self  # fix: the destination region's backend before the subnet group is looked up
    replica.dbi_resource_id = _new_resource_id()  # fix: not the source's id
    replica.multi_az = bool(db_kwargs.get("multi_az"))  # fix: a replica is single-AZ unless asked (the copy kept the source's)
    replica.update(**db_kwargs)
    replica.set_as_replica()
    self.databases[db_kwargs["db_instance_identifier"]] = replica
    primary.add_replica(replica)
    return replica


# moto runs a Lambda function's code in a Docker container, and no Docker engine runs here (nor on
# most CI runners without one): with use_docker off, Invoke answers a fixed payload without running
# the code. The database users function's aws_lambda_invocation is then applied for its graph and
# its inputs, not its SQL (moto/awslambda/models.py, "Invoking a Function against Lambda without docker").
default_user_config["lambda"]["use_docker"] = False

def _not_implemented(self):
    raise RDSClientError("InvalidAction", "moto 5.2.5 does not implement StartDBInstanceAutomatedBackupsReplication")


rds.DBInstance.__init__ = _init_with_own_id
rds_responses.RDSResponse.start_db_instance_automated_backups_replication = _not_implemented
rds.RDSBackend.create_db_instance_read_replica = _create_read_replica
cloudfront_vpc_origins.install()
kms_replica_keys.install()
read_backs.install()

if __name__ == "__main__":
    server.main(sys.argv[1:])
