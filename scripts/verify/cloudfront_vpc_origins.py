"""CloudFront VPC origins for moto 5.2.5, which has none (CreateVpcOrigin is not among the routes of
moto/cloudfront/urls.py: a 404). Imported by moto_server.py before the server starts; install()
adds the routes, a small model on moto's CloudFront backend, and keeps a distribution origin's
VpcOriginConfig.

Only what the AWS provider's aws_cloudfront_vpc_origin calls (5.100.0,
internal/service/cloudfront/vpc_origin.go): CreateVpcOrigin, then GetVpcOrigin until Status is
"Deployed" (its waiter's pending state is "Deploying"); GetVpcOrigin to read (EntityNotFound removes
it from state); UpdateVpcOrigin with If-Match = the state's ETag, then the same waiter;
DeleteVpcOrigin with If-Match = GetVpcOrigin's ETag (retried once on PreconditionFailed or
InvalidIfMatchVersion), then GetVpcOrigin until EntityNotFound. ListVpcOrigins answers too.
Shapes, paths, status codes and error codes are those of the CloudFront API reference
(CreateVpcOrigin: POST /2020-05-31/vpc-origin, 202; GetVpcOrigin: GET /2020-05-31/vpc-origin/{Id};
UpdateVpcOrigin: PUT, 202; DeleteVpcOrigin: DELETE, 202), as botocore's cloudfront 2020-05-31
model in moto's venv holds them: moto routes and serializes from that model, so only the
handlers and the model are written here.
"""
import string
from typing import Any

from moto.cloudfront import models as cloudfront
from moto.cloudfront import urls as cloudfront_urls
from moto.cloudfront.exceptions import CloudFrontException
from moto.cloudfront.responses import CloudFrontResponse
from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.moto_api import state_manager
from moto.moto_api._internal import mock_random as random
from moto.moto_api._internal.managed_state_model import ManagedState
from moto.utilities.utils import get_partition

MODEL_NAME = "cloudfront::vpc-origin"
DEPLOYING, DEPLOYED = "Deploying", "Deployed"
# AWS's ids: "vo_" and 22 letters and digits (the provider's aws_cloudfront_vpc_origin data source
# documentation, example id "vo_Ffua5QO1LTlCYJyo1GLcJc").
ID_PREFIX, ID_LENGTH = "vo_", 22
_ID_ALPHABET = string.ascii_letters + string.digits
ETAG_LENGTH = 14
API = "2020-05-31"
# ListVpcOrigins answers every VPC origin in one page; MaxItems says 100 when not asked, as moto's other CloudFront lists do.
LIST_MAX_ITEMS = 100


class EntityNotFound(CloudFrontException):
    # GetVpcOrigin/UpdateVpcOrigin/DeleteVpcOrigin of an unknown id: EntityNotFound, 404 (API
    # reference, Errors; the provider's findVPCOrigin tests for exactly this type).
    def __init__(self, vpc_origin_id: str) -> None:
        super().__init__("EntityNotFound", f"The VPC origin {vpc_origin_id} does not exist.")


class InvalidIfMatchVersion(CloudFrontException):
    # Update/DeleteVpcOrigin require If-Match (API reference, "IfMatch ... Required: Yes").
    def __init__(self) -> None:
        super().__init__("InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")


class PreconditionFailed(CloudFrontException):
    # An If-Match other than the current ETag: PreconditionFailed, 412 (API reference, Errors).
    def __init__(self) -> None:
        super().__init__("PreconditionFailed", "The precondition in one or more of the request fields evaluated to false.")


class InUse(CloudFrontException):
    # CloudFront refuses to delete (CannotDeleteEntityWhileInUse, 409) or update
    # (CannotUpdateEntityWhileInUse, 409; hashicorp/terraform-provider-aws#40905) a VPC origin a
    # distribution's origin names: kept, so an emulator run shows an order AWS would refuse.
    def __init__(self, code: str, vpc_origin_id: str, distribution_id: str) -> None:
        super().__init__(code, f"The VPC origin {vpc_origin_id} is used by the distribution {distribution_id}.")


class VpcOrigin(ManagedState):
    def __init__(self, account_id: str, partition_region: str, endpoint_config: dict[str, Any]):
        # Created "Deploying", "Deployed" from the next read on (registered below), as AWS deploys it.
        super().__init__(MODEL_NAME, transitions=[(DEPLOYING, DEPLOYED)])
        self.id = ID_PREFIX + "".join(random.choice(_ID_ALPHABET) for _ in range(ID_LENGTH))
        self.arn = f"arn:{get_partition(partition_region)}:cloudfront::{account_id}:vpcorigin/{self.id}"
        self.vpc_origin_endpoint_config = endpoint_config
        self.created_time = self.last_modified_time = utcnow()
        self.etag = cloudfront.random_id(length=ETAG_LENGTH)

    def update(self, endpoint_config: dict[str, Any]) -> None:
        # An update deploys again, under a new ETag (the provider waits for "Deployed" after it and
        # keeps the ETag it then reads).
        self.vpc_origin_endpoint_config = endpoint_config
        self.last_modified_time = utcnow()
        self.etag = cloudfront.random_id(length=ETAG_LENGTH)
        self.status = DEPLOYING
        self._tick = 0

    @property
    def location(self) -> str:
        return f"https://cloudfront.amazonaws.com/{API}/vpc-origin/{self.id}"

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "Id": self.id,
            "Name": self.vpc_origin_endpoint_config.get("Name"),
            "Status": self.status,
            "CreatedTime": self.created_time,
            "LastModifiedTime": self.last_modified_time,
            "Arn": self.arn,
            "OriginEndpointArn": self.vpc_origin_endpoint_config.get("Arn"),
        }


def _vpc_origins(backend: cloudfront.CloudFrontBackend) -> dict[str, VpcOrigin]:
    # On the backend's own dict, so moto's reset (which re-runs __init__ on a fresh __dict__) empties it.
    return backend.__dict__.setdefault("vpc_origins", {})


def _find(backend: cloudfront.CloudFrontBackend, vpc_origin_id: str) -> VpcOrigin:
    found = _vpc_origins(backend).get(vpc_origin_id)
    if found is None:
        raise EntityNotFound(vpc_origin_id)
    return found


def _check_if_match(origin: VpcOrigin, if_match: str | None) -> None:
    if not if_match:
        raise InvalidIfMatchVersion()
    if if_match != origin.etag:
        raise PreconditionFailed()


def _distribution_using(backend: cloudfront.CloudFrontBackend, vpc_origin_id: str) -> str | None:
    for distribution in backend.distributions.values():
        for origin in distribution.distribution_config.Origins["Items"]:
            config = getattr(origin, "vpc_origin_config", None) or {}
            if config.get("VpcOriginId") == vpc_origin_id:
                return distribution.distribution_id
    return None


def _plain(value: Any) -> Any:
    # moto's parser hands back its own dict type; the model keeps plain values.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _result(origin: VpcOrigin, with_location: bool = False) -> ActionResult:
    result = {"VpcOrigin": origin, "ETag": origin.etag}
    if with_location:
        result["Location"] = origin.location
    return ActionResult(result)


def create_vpc_origin(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    origin = VpcOrigin(backend.account_id, backend.region_name, _plain(self._get_param("VpcOriginEndpointConfig", {})))
    _vpc_origins(backend)[origin.id] = origin
    # Tags of the request, read back by ListTagsForResource on the ARN (the provider's tags).
    backend.tagger.tag_resource(origin.arn, _plain(self._get_param("Tags.Items", []) or []))
    return _result(origin, with_location=True)


def get_vpc_origin(self: CloudFrontResponse) -> ActionResult:
    origin = _find(self.backend, self._get_param("Id"))
    origin.advance()
    return _result(origin)


def update_vpc_origin(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    origin = _find(backend, self._get_param("Id"))
    _check_if_match(origin, self._get_param("IfMatch"))
    user = _distribution_using(backend, origin.id)
    if user:
        raise InUse("CannotUpdateEntityWhileInUse", origin.id, user)
    origin.update(_plain(self._get_param("VpcOriginEndpointConfig", {})))
    return _result(origin)


def delete_vpc_origin(self: CloudFrontResponse) -> ActionResult:
    backend = self.backend
    origin = _find(backend, self._get_param("Id"))
    _check_if_match(origin, self._get_param("IfMatch"))
    user = _distribution_using(backend, origin.id)
    if user:
        raise InUse("CannotDeleteEntityWhileInUse", origin.id, user)
    del _vpc_origins(backend)[origin.id]
    backend.tagger.delete_all_tags_for_resource(origin.arn)
    # Gone at once: the provider's delete waiter ends on the EntityNotFound of its next read.
    origin.status = "Deleting"
    return _result(origin)


def list_vpc_origins(self: CloudFrontResponse) -> ActionResult:
    origins = list(_vpc_origins(self.backend).values())
    for origin in origins:
        origin.advance()
    return ActionResult(
        {
            "VpcOriginList": {
                "Marker": self._get_param("Marker") or "",
                "MaxItems": self._get_int_param("MaxItems") or LIST_MAX_ITEMS,
                "IsTruncated": False,
                "Quantity": len(origins),
                "Items": [origin.summary for origin in origins] or None,
            }
        }
    )


_origin_init = cloudfront.Origin.__init__


def _origin_init_keeping_vpc_config(self: cloudfront.Origin, origin: dict[str, Any]) -> None:
    # moto's Origin keeps S3OriginConfig and CustomOriginConfig but drops VpcOriginConfig, so a
    # distribution read back without it and the provider planned to add vpc_origin_config again.
    _origin_init(self, origin)
    if origin.get("VpcOriginConfig"):
        self.vpc_origin_config = _plain(origin["VpcOriginConfig"])


def install() -> None:
    # moto serves a path only if urls.py lists it (BaseBackend.urls reads this dict when the
    # server builds its routes); the operation is then found from botocore's model by method and path.
    cloudfront_urls.url_paths.update(
        {
            "{0}/" + API + "/vpc-origin$": CloudFrontResponse.dispatch,
            "{0}/" + API + "/vpc-origin/(?P<vpc_origin_id>[^/]+)$": CloudFrontResponse.dispatch,
        }
    )
    for handler in (create_vpc_origin, get_vpc_origin, update_vpc_origin, delete_vpc_origin, list_vpc_origins):
        setattr(CloudFrontResponse, handler.__name__, handler)
    cloudfront.Origin.__init__ = _origin_init_keeping_vpc_config
    # As moto registers its distributions ("cloudfront::distribution", moto/moto_api/__init__.py):
    # the first read after a create or update answers "Deployed".
    state_manager.register_default_transition(MODEL_NAME, transition={"progression": "manual", "times": 1})
